/*
 * Delivery and non-delivery reports (IMAPISupport::StatusRecips): a report
 * message in the sender's store, in the receive folder of its class (the
 * Inbox unless set otherwise), as MAPI's "Report Messages" pages describe:
 * class REPORT.<original class>.NDR (or .DR), the original's subject, entry
 * ID and submit time, the recipients concerned with what the transport said
 * of each (PR_REPORT_TEXT, PR_NDR_REASON_CODE, PR_NDR_DIAG_CODE...), and a
 * plain text body that says the same for a person.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define ORIGINAL_PROPS 6
static const SizedSPropTagArray(ORIGINAL_PROPS, original_tags) =
{
    ORIGINAL_PROPS, { PR_MESSAGE_CLASS_W, PR_SUBJECT_W, PR_ENTRYID, PR_CLIENT_SUBMIT_TIME,
                      PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED, PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED }
};

static const WCHAR *entry_string(const ADRENTRY *entry, ULONG tag)
{
    const SPropValue *value = PpropFindProp(entry->rgPropVals, entry->cValues, tag);
    return value ? value->Value.lpszW : NULL;
}

/* A report's body: one line per recipient. */
static WCHAR *report_body(const WCHAR *subject, const ADRLIST *list, BOOL ndr)
{
    size_t size = 256 + (subject ? wcslen(subject) : 0), len;
    const WCHAR *name, *address, *text;
    WCHAR *body, *p;
    ULONG i;

    for (i = 0; i < list->cEntries; i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];
        size += 16;
        if ((name = entry_string(entry, PR_DISPLAY_NAME_W))) size += wcslen(name);
        if ((address = entry_string(entry, PR_EMAIL_ADDRESS_W))) size += wcslen(address);
        if ((text = entry_string(entry, PR_REPORT_TEXT_W))) size += wcslen(text);
    }
    if (!(body = malloc(size * sizeof(WCHAR)))) return NULL;
    len = swprintf(body, size, ndr ? L"Your message \"%s\" did not reach these recipients:\r\n\r\n"
                                   : L"Your message \"%s\" was delivered to these recipients:\r\n\r\n",
                   subject ? subject : L"");
    for (i = 0, p = body + len; i < list->cEntries; i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];
        name = entry_string(entry, PR_DISPLAY_NAME_W);
        address = entry_string(entry, PR_EMAIL_ADDRESS_W);
        text = entry_string(entry, PR_REPORT_TEXT_W);
        p += swprintf(p, size - (p - body), L"%s <%s>%s%s\r\n", name ? name : L"", address ? address : L"",
                      text ? L": " : L"", text ? text : L"");
    }
    return body;
}

/* The recipients of the list a report is for, with the transport's words, in Unicode whatever the
 * transport wrote them in: a copy, ModifyRecipients may keep it. */
static HRESULT report_recipients(const ADRLIST *list, BOOL ndr, ULONG count, ADRLIST **ret)
{
    ADRLIST *recipients;
    ULONG i, j, m;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&recipients))) return hr;
    recipients->cEntries = 0;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];
        BOOL is_ndr = !!PpropFindProp(entry->rgPropVals, entry->cValues, PR_NDR_REASON_CODE);
        ADRENTRY *copy = &recipients->aEntries[recipients->cEntries];

        if (is_ndr != ndr) continue;
        if (FAILED(hr = MAPIAllocateBuffer((entry->cValues + 1) * sizeof(SPropValue), (void **)&copy->rgPropVals)))
            break;
        for (j = m = 0; j < entry->cValues; j++)
        {
            if (PROP_TYPE(entry->rgPropVals[j].ulPropTag) == PT_ERROR ||
                entry->rgPropVals[j].ulPropTag == PR_ROWID) continue;
            if (SUCCEEDED(PropCopyMore(&copy->rgPropVals[m], &entry->rgPropVals[j], MAPIAllocateMore,
                                       copy->rgPropVals)))
                m++;
        }
        if (!PpropFindProp(copy->rgPropVals, m, PR_RECIPIENT_TYPE))
        {
            copy->rgPropVals[m].ulPropTag = PR_RECIPIENT_TYPE;
            copy->rgPropVals[m++].Value.l = MAPI_TO;
        }
        copy->ulReserved1 = 0;
        copy->cValues = m;
        recipients->cEntries++;
        hr = mapi_values_to_unicode(m, copy->rgPropVals, copy->rgPropVals, NULL);
    }
    if (FAILED(hr))
    {
        FreePadrlist(recipients);
        return hr;
    }
    *ret = recipients;
    return S_OK;
}

/* One report for the recipients of the list that are NDRs (ndr) or deliveries (!ndr). */
static HRESULT write_report(IMsgStore *mdb, const SPropValue *original, const ADRLIST *list, BOOL ndr)
{
    IMAPIFolder *folder = NULL;
    IMessage *report = NULL;
    ADRLIST *recipients = NULL;
    ENTRYID *folder_id = NULL;
    WCHAR message_class[300], subject[600], *body = NULL;
    const WCHAR *original_class = original[0].ulPropTag == PR_MESSAGE_CLASS_W ? original[0].Value.lpszW : L"IPM.Note";
    const WCHAR *original_subject = original[1].ulPropTag == PR_SUBJECT_W ? original[1].Value.lpszW : L"";
    SPropValue props[12];
    NOTIFICATION notification;
    FILETIME now;
    ULONG size, type, i, n = 0, count = 0;
    SPropValue *saved = NULL;
    HRESULT hr;

    for (i = 0; i < list->cEntries; i++)
    {
        BOOL is_ndr = !!PpropFindProp(list->aEntries[i].rgPropVals, list->aEntries[i].cValues, PR_NDR_REASON_CODE);
        if (is_ndr == ndr) count++;
    }
    if (!count) return S_OK;
    if (FAILED(hr = report_recipients(list, ndr, count, &recipients))) return hr;

    swprintf(message_class, ARRAY_SIZE(message_class), L"REPORT.%s.%s", original_class, ndr ? L"NDR" : L"DR");
    swprintf(subject, ARRAY_SIZE(subject), L"%s%s", ndr ? L"Undeliverable: " : L"Delivered: ", original_subject);

    if (FAILED(hr = mapi_get_receive_folder_w(mdb, message_class, &size, &folder_id))) goto done;
    hr = IMsgStore_OpenEntry(mdb, size, folder_id, &IID_IMAPIFolder, MAPI_MODIFY, &type, (IUnknown **)&folder);
    MAPIFreeBuffer(folder_id);
    if (FAILED(hr)) goto done;
    if (FAILED(hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &report))) goto done;

    GetSystemTimeAsFileTime(&now);
    props[n].ulPropTag = PR_MESSAGE_CLASS_W;
    props[n++].Value.lpszW = message_class;
    props[n].ulPropTag = PR_SUBJECT_W;
    props[n++].Value.lpszW = subject;
    props[n].ulPropTag = PR_ORIGINAL_SUBJECT_W;
    props[n++].Value.lpszW = (WCHAR *)original_subject;
    props[n].ulPropTag = PR_REPORT_TIME;
    props[n++].Value.ft = now;
    props[n].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    props[n++].Value.ft = now;
    props[n].ulPropTag = PR_CLIENT_SUBMIT_TIME;
    props[n++].Value.ft = now;
    props[n].ulPropTag = PR_SENDER_NAME_W;
    props[n++].Value.lpszW = (WCHAR *)L"MAPI Spooler";
    props[n].ulPropTag = PR_REPORT_NAME_W;
    props[n++].Value.lpszW = (WCHAR *)L"MAPI Spooler";
    if (original[2].ulPropTag == PR_ENTRYID)
    {
        props[n].ulPropTag = PR_ORIGINAL_ENTRYID;
        props[n++].Value.bin = original[2].Value.bin;
    }
    if (original[3].ulPropTag == PR_CLIENT_SUBMIT_TIME)
    {
        props[n].ulPropTag = PR_ORIGINAL_SUBMIT_TIME;
        props[n++].Value.ft = original[3].Value.ft;
    }
    if ((body = report_body(original_subject, recipients, ndr)))
    {
        props[n].ulPropTag = PR_BODY_W;
        props[n++].Value.lpszW = body;
    }
    if (FAILED(hr = mapi_set_props_w((IMAPIProp *)report, n, props, NULL))) goto done;
    if (FAILED(hr = mapi_modify_recipients_w(report, MODRECIP_ADD, recipients))) goto done;
    if (FAILED(hr = IMessage_SaveChanges(report, KEEP_OPEN_READWRITE))) goto done;

    /* Its clients hear of it as of any new mail. */
    {
        static const SizedSPropTagArray(3, tags) = { 3, { PR_ENTRYID, PR_PARENT_ENTRYID, PR_MESSAGE_FLAGS } };
        if (SUCCEEDED(IMessage_GetProps(report, (SPropTagArray *)&tags, 0, &type, &saved)) &&
            saved[0].ulPropTag == PR_ENTRYID && saved[1].ulPropTag == PR_PARENT_ENTRYID)
        {
            memset(&notification, 0, sizeof(notification));
            notification.ulEventType = fnevNewMail;
            notification.info.newmail.cbEntryID = saved[0].Value.bin.cb;
            notification.info.newmail.lpEntryID = (ENTRYID *)saved[0].Value.bin.lpb;
            notification.info.newmail.cbParentID = saved[1].Value.bin.cb;
            notification.info.newmail.lpParentID = (ENTRYID *)saved[1].Value.bin.lpb;
            notification.info.newmail.ulFlags = MAPI_UNICODE;
            notification.info.newmail.lpszMessageClass = (void *)message_class;
            notification.info.newmail.ulMessageFlags = saved[2].ulPropTag == PR_MESSAGE_FLAGS ? saved[2].Value.l : 0;
            mapi_notify_new_mail_w(mdb, &notification);
        }
        MAPIFreeBuffer(saved);
    }
    TRACE("%s written for %lu recipient(s)\n", debugstr_w(message_class), count);

done:
    if (recipients) FreePadrlist(recipients);
    free(body);
    if (report) IMessage_Release(report);
    if (folder) IMAPIFolder_Release(folder);
    return hr;
}

HRESULT spool_report(struct spooler *spooler, struct spool_store *store, IMessage *message, const ADRLIST *recipients)
{
    SPropValue *original = NULL;
    IMsgStore *mdb = NULL;
    ULONG count;
    HRESULT hr;

    spooler_lock(spooler);
    if (store && store->mdb)
    {
        mdb = store->mdb;
        IMsgStore_AddRef(mdb);
    }
    spooler_unlock(spooler);
    if (!mdb)
    {
        WARN("no logon to the sender's store: no report\n");
        return MAPI_E_NOT_FOUND;
    }
    if (FAILED(hr = mapi_get_props_w((IMAPIProp *)message, (SPropTagArray *)&original_tags, &count, &original)))
    {
        IMsgStore_Release(mdb);
        return hr;
    }
    /* The sender asked for no report: PR_ORIGINATOR_(NON_)DELIVERY_REPORT_REQUESTED (NDRs by default). */
    if (original[4].ulPropTag != PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED || original[4].Value.b)
        hr = write_report(mdb, original, recipients, TRUE);
    if (original[5].ulPropTag == PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED && original[5].Value.b)
        write_report(mdb, original, recipients, FALSE);
    MAPIFreeBuffer(original);
    IMsgStore_Release(mdb);
    return hr;
}

/***********************************************************************
 *  spooler_status_recips
 *
 * IMAPISupport::StatusRecips of a transport: reports into the store of the
 * message the spooler gave the transport (the default store otherwise).
 */
HRESULT spooler_status_recips(struct support *support, IMessage *message, ADRLIST *recipients)
{
    struct spool_store *store = NULL, *candidate;
    struct spooler *spooler;
    HRESULT hr;

    if (!support->session || !(spooler = spooler_find(profile_name(support->session->profile))))
        return MAPI_E_NOT_FOUND;
    spooler_lock(spooler);
    if (spooler->current_message == message) store = spooler->current_store;
    if (!store)
        LIST_FOR_EACH_ENTRY(candidate, &spooler->stores, struct spool_store, entry)
            if (candidate->is_default && candidate->state == STORE_ON) store = candidate;
    spooler_unlock(spooler);
    hr = spool_report(spooler, store, message, recipients);
    spooler_release(spooler);
    return hr;
}
