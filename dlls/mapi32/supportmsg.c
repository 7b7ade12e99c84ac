/*
 * The message-side methods of a store's support object: what a store calls
 * from IMessage::SubmitMessage (PrepareSubmit, ExpandRecips), when the
 * spooler has sent a message (DoSentMail) and for read reports (ReadReceipt).
 * They work on the message through IMessage and on its folders through the
 * store's IMSLogon, so they need no spooler.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

static const SPropValue *find_prop(const SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

/* Each recipient of a resent message: those that got it once are not sent it again. */
HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, LPMESSAGE message, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    SPropValue *message_flags, *props;
    IMAPITable *table;
    SRowSet *rows;
    ADRLIST *list;
    ULONG i, type;
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", support, message, flags);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!message || !flags) return MAPI_E_INVALID_PARAMETER;
    if (*flags) return MAPI_E_UNKNOWN_FLAGS;

    if (FAILED(HrGetOneProp((IMAPIProp *)message, PR_MESSAGE_FLAGS, &message_flags))) return S_OK;
    i = message_flags->Value.l;
    MAPIFreeBuffer(message_flags);
    if (!(i & MSGFLAG_RESEND)) return S_OK;

    if (FAILED(hr = IMessage_GetRecipientTable(message, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(rows->cRows ? rows->cRows : 1), (void **)&list)))
    {
        FreeProws(rows);
        return hr;
    }
    list->cEntries = 0;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        SRow *row = &rows->aRow[i];
        const SPropValue *recipient_type = find_prop(row, PR_RECIPIENT_TYPE);
        ULONG count = row->cValues;
        SPropValue *responsibility;

        if (!recipient_type) continue;
        type = recipient_type->Value.l;
        /* The new values point into the row's data: they live in the list's block. */
        if (FAILED(hr = MAPIAllocateMore((count + 1) * sizeof(SPropValue), list, (void **)&props))) break;
        memcpy(props, row->lpProps, count * sizeof(SPropValue));
        ((SPropValue *)PpropFindProp(props, count, PR_RECIPIENT_TYPE))->Value.l =
            type & MAPI_SUBMITTED ? type & ~MAPI_SUBMITTED : MAPI_P1;
        if (!(responsibility = (SPropValue *)PpropFindProp(props, count, PR_RESPONSIBILITY)))
        {
            responsibility = &props[count++];
            responsibility->ulPropTag = PR_RESPONSIBILITY;
        }
        responsibility->Value.b = !(type & MAPI_SUBMITTED);
        list->aEntries[list->cEntries].ulReserved1 = 0;
        list->aEntries[list->cEntries].cValues = count;
        list->aEntries[list->cEntries].rgPropVals = props;
        list->cEntries++;
    }
    if (SUCCEEDED(hr) && list->cEntries) hr = IMessage_ModifyRecipients(message, MODRECIP_MODIFY, list);
    MAPIFreeBuffer(list);
    FreeProws(rows);
    *flags = 0;
    return hr;
}

/* Without address book providers there are no lists to expand: duplicates go,
 * and the spooler (not a tightly coupled transport) is needed. */
HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, LPMESSAGE message, ULONG *flags)
{
    static const SizedSPropTagArray(4, columns) = { 4, { PR_ROWID, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_RECIPIENT_TYPE } };
    struct support *support = impl_from_IMAPISupport(iface);
    SRowSet *rows;
    ADRLIST *remove;
    ULONG i, j;
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", support, message, flags);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!message || !flags) return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = mapi_table_rows_w(message, MAPI_TABLE_RECIPIENTS, (SPropTagArray *)&columns, &rows))) return hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(rows->cRows ? rows->cRows : 1), (void **)&remove)))
    {
        FreeProws(rows);
        return hr;
    }
    remove->cEntries = 0;
    for (i = 1; i < rows->cRows; i++)
    {
        SPropValue *a = rows->aRow[i].lpProps;
        if (a[0].ulPropTag != PR_ROWID || a[1].ulPropTag != PR_ADDRTYPE_W || a[2].ulPropTag != PR_EMAIL_ADDRESS_W)
            continue;
        for (j = 0; j < i; j++)
        {
            SPropValue *b = rows->aRow[j].lpProps;
            if (b[1].ulPropTag != PR_ADDRTYPE_W || b[2].ulPropTag != PR_EMAIL_ADDRESS_W) continue;
            if (a[3].Value.l != b[3].Value.l || wcsicmp(a[1].Value.lpszW, b[1].Value.lpszW) ||
                wcsicmp(a[2].Value.lpszW, b[2].Value.lpszW))
                continue;
            remove->aEntries[remove->cEntries].cValues = 1;
            remove->aEntries[remove->cEntries].rgPropVals = &a[0];
            remove->cEntries++;
            break;
        }
    }
    if (remove->cEntries) hr = IMessage_ModifyRecipients(message, MODRECIP_REMOVE, remove);
    MAPIFreeBuffer(remove);
    FreeProws(rows);
    *flags = NEEDS_SPOOLER;
    return hr;
}

static HRESULT open_folder(IMSLogon *logon, const SBinary *entryid, IMAPIFolder **folder)
{
    ULONG type;
    return IMSLogon_OpenEntry(logon, entryid->cb, (ENTRYID *)entryid->lpb, &IID_IMAPIFolder, MAPI_MODIFY,
                              &type, (IUnknown **)folder);
}

/* A sent message goes where it asks: deleted, moved to PR_SENTMAIL_ENTRYID, or left. */
HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE message)
{
    static const SizedSPropTagArray(4, tags) =
        { 4, { PR_ENTRYID, PR_PARENT_ENTRYID, PR_DELETE_AFTER_SUBMIT, PR_SENTMAIL_ENTRYID } };
    struct support *support = impl_from_IMAPISupport(iface);
    IMAPIFolder *parent = NULL, *sent = NULL;
    SPropValue *props = NULL;
    ENTRYLIST list;
    IMSLogon *logon;
    ULONG count;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", support, flags, message);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!message) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->logon || !(logon = (IMSLogon *)support->logon->logon)) return MAPI_E_INVALID_OBJECT;

    hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props);
    /* The message is ours to release (the store hands it over) before it moves. */
    IMessage_Release(message);
    if (FAILED(hr)) return hr;
    if (props[0].ulPropTag != PR_ENTRYID || props[1].ulPropTag != PR_PARENT_ENTRYID)
    {
        MAPIFreeBuffer(props);
        return MAPI_E_CORRUPT_DATA;
    }
    list.cValues = 1;
    list.lpbin = &props[0].Value.bin;

    if (SUCCEEDED(hr = open_folder(logon, &props[1].Value.bin, &parent)))
    {
        if (props[2].ulPropTag == PR_DELETE_AFTER_SUBMIT && props[2].Value.b)
            hr = IMAPIFolder_DeleteMessages(parent, &list, 0, NULL, 0);
        else if (props[3].ulPropTag == PR_SENTMAIL_ENTRYID &&
                 SUCCEEDED(hr = open_folder(logon, &props[3].Value.bin, &sent)))
        {
            hr = IMAPIFolder_CopyMessages(parent, &list, &IID_IMAPIFolder, sent, 0, NULL, MESSAGE_MOVE);
            IMAPIFolder_Release(sent);
        }
        IMAPIFolder_Release(parent);
    }
    MAPIFreeBuffer(props);
    return hr;
}

/* A read (or, with MAPI_NON_READ, non-read) report of a message, built in the
 * empty message the store gives, addressed to whoever asked for it, and sent. */
HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE read_message,
                                   LPMESSAGE *empty_message)
{
    static const SizedSPropTagArray(8, tags) =
    {
        8, { PR_MESSAGE_CLASS_W, PR_SUBJECT_W, PR_READ_RECEIPT_ENTRYID, PR_RCVD_REPRESENTING_NAME_W,
             PR_SENDER_ENTRYID, PR_SENDER_NAME_W, PR_CLIENT_SUBMIT_TIME, PR_SEARCH_KEY }
    };
    struct support *support = impl_from_IMAPISupport(iface);
    SPropValue *original = NULL, report[8], recipient[3];
    WCHAR class[256], subject[512];
    ADRLIST list;
    IMessage *message;
    ULONG count, n = 0;
    FILETIME now;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%p)\n", support, flags, read_message, empty_message);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!read_message || !empty_message || !*empty_message) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_NON_READ) return MAPI_E_UNKNOWN_FLAGS;
    message = *empty_message;

    if (FAILED(hr = mapi_get_props_w((IMAPIProp *)read_message, (SPropTagArray *)&tags, &count, &original)))
        goto done;

    swprintf(class, ARRAY_SIZE(class), L"REPORT.%s.%s",
             original[0].ulPropTag == PR_MESSAGE_CLASS_W ? original[0].Value.lpszW : L"IPM.Note",
             flags & MAPI_NON_READ ? L"IPNNRN" : L"IPNRN");
    swprintf(subject, ARRAY_SIZE(subject), L"%s%s", flags & MAPI_NON_READ ? L"Not read: " : L"Read: ",
             original[1].ulPropTag == PR_SUBJECT_W ? original[1].Value.lpszW : L"");
    report[n].ulPropTag = PR_MESSAGE_CLASS_W; report[n++].Value.lpszW = class;
    report[n].ulPropTag = PR_SUBJECT_W; report[n++].Value.lpszW = subject;
    if (original[1].ulPropTag == PR_SUBJECT_W)
    {
        report[n].ulPropTag = PR_ORIGINAL_SUBJECT_W;
        report[n++].Value.lpszW = original[1].Value.lpszW;
    }
    if (original[6].ulPropTag == PR_CLIENT_SUBMIT_TIME)
    {
        report[n].ulPropTag = PR_ORIGINAL_SUBMIT_TIME;
        report[n++].Value.ft = original[6].Value.ft;
    }
    if (original[7].ulPropTag == PR_SEARCH_KEY)
    {
        report[n].ulPropTag = PR_PARENT_KEY;
        report[n++].Value.bin = original[7].Value.bin;
    }
    GetSystemTimeAsFileTime(&now);
    report[n].ulPropTag = PR_REPORT_TIME; report[n++].Value.ft = now;
    if (FAILED(hr = mapi_set_props_w((IMAPIProp *)message, n, report, NULL))) goto done;

    /* The report goes to PR_READ_RECEIPT_ENTRYID, or to the sender. */
    n = 0;
    recipient[n].ulPropTag = PR_RECIPIENT_TYPE; recipient[n++].Value.l = MAPI_TO;
    if (original[2].ulPropTag == PR_READ_RECEIPT_ENTRYID)
    {
        recipient[n].ulPropTag = PR_ENTRYID; recipient[n++].Value.bin = original[2].Value.bin;
        if (original[3].ulPropTag == PR_RCVD_REPRESENTING_NAME_W)
        {
            recipient[n].ulPropTag = PR_DISPLAY_NAME_W; recipient[n++].Value.lpszW = original[3].Value.lpszW;
        }
    }
    else if (original[4].ulPropTag == PR_SENDER_ENTRYID)
    {
        recipient[n].ulPropTag = PR_ENTRYID; recipient[n++].Value.bin = original[4].Value.bin;
        if (original[5].ulPropTag == PR_SENDER_NAME_W)
        {
            recipient[n].ulPropTag = PR_DISPLAY_NAME_W; recipient[n++].Value.lpszW = original[5].Value.lpszW;
        }
    }
    else
    {
        WARN("nobody to send the report to\n");
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = n;
    list.aEntries[0].rgPropVals = recipient;
    if (FAILED(hr = mapi_modify_recipients_w(message, MODRECIP_ADD, &list))) goto done;
    hr = IMessage_SubmitMessage(message, 0);

done:
    MAPIFreeBuffer(original);
    /* The store handed the message over: it is released whatever happened. */
    IMessage_Release(message);
    *empty_message = NULL;
    return hr;
}
