/*
 * The generic copies of IMAPISupport a store may lean on for its own
 * IMAPIProp::CopyTo and CopyProps and IMAPIFolder::CopyMessages and
 * CopyFolder: they work through the public interfaces of the source and
 * destination objects only, so they copy between any two stores.
 *
 * Properties are copied with GetProps and SetProps, values too big for
 * GetProps through streams; a message's recipients through its recipient
 * table and ModifyRecipients, its attachments one by one with the messages
 * they embed, a folder's messages and subfolders through CopyMessages and
 * CopyFolder. Every read and write goes through charwidth.c: strings in
 * Unicode, in ANSI only with a store that knows no other, so that a copy
 * between two Unicode stores keeps every character. MAPI_DIALOG has no
 * dialog to show (no UI) and is ignored.
 */

#define COBJMACROS

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK)

static BOOL tag_in(ULONG tag, const SPropTagArray *tags)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Every recipient, read and written in Unicode (ANSI for a message that knows no other). */
static HRESULT copy_recipients(IMessage *src, IMessage *dst)
{
    SRowSet *rows;
    HRESULT hr;

    if (FAILED(hr = mapi_table_rows_w(src, MAPI_TABLE_RECIPIENTS, NULL, &rows))) return hr;
    /* The destination numbers its recipients itself. */
    if (rows->cRows) hr = mapi_modify_recipients_w(dst, 0, (ADRLIST *)rows);
    FreeProws(rows);
    return hr;
}

static HRESULT copy_object(IMAPIProp *src, IMAPIProp *dst, const SPropTagArray *include,
                           const SPropTagArray *exclude, ULONG flags, SPropProblemArray **problems);

/* What a copy leaves to the destination: the identity of the object it makes. */
static const SizedSPropTagArray(4, identity) =
    { 4, { PR_ENTRYID, PR_PARENT_ENTRYID, PR_STORE_ENTRYID, PR_RECORD_KEY } };

/* The message an attachment embeds, copied into the new attachment's own. */
static HRESULT copy_embedded(IAttach *src, IAttach *dst, ULONG flags)
{
    IMessage *src_message, *dst_message;
    SPropValue *method;
    BOOL embeds;
    HRESULT hr;

    if (FAILED(HrGetOneProp((IMAPIProp *)src, PR_ATTACH_METHOD, &method))) return S_OK;
    embeds = method->Value.l == ATTACH_EMBEDDED_MSG;
    MAPIFreeBuffer(method);
    if (!embeds) return S_OK;

    hr = IAttach_OpenProperty(src, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&src_message);
    /* An embedded message not made yet: nothing to copy. */
    if (hr == MAPI_E_NOT_FOUND) return S_OK;
    if (FAILED(hr)) return hr;
    if (SUCCEEDED(hr = IAttach_OpenProperty(dst, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                            (IUnknown **)&dst_message)))
    {
        if (SUCCEEDED(hr = copy_object((IMAPIProp *)src_message, (IMAPIProp *)dst_message, NULL,
                                       (SPropTagArray *)&identity, flags, NULL)))
            hr = IMessage_SaveChanges(dst_message, KEEP_OPEN_READWRITE);
        IMessage_Release(dst_message);
    }
    IMessage_Release(src_message);
    return hr;
}

static HRESULT copy_attachments(IMessage *src, IMessage *dst, ULONG flags)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ATTACH_NUM } };
    static const SizedSPropTagArray(1, skip) = { 1, { PR_ATTACH_NUM } };
    IAttach *src_attach, *dst_attach;
    SRowSet *rows;
    ULONG i, num;
    HRESULT hr;

    if (FAILED(hr = mapi_table_rows_w(src, MAPI_TABLE_ATTACHMENTS, (SPropTagArray *)&columns, &rows))) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        if (FAILED(hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &src_attach)))
            break;
        if (SUCCEEDED(hr = IMessage_CreateAttach(dst, NULL, 0, &num, &dst_attach)))
        {
            if (SUCCEEDED(hr = copy_object((IMAPIProp *)src_attach, (IMAPIProp *)dst_attach, NULL,
                                           (SPropTagArray *)&skip, flags & ~MAPI_MOVE, NULL)) &&
                SUCCEEDED(hr = copy_embedded(src_attach, dst_attach, flags & ~MAPI_MOVE)))
                hr = IAttach_SaveChanges(dst_attach, KEEP_OPEN_READWRITE);
            IAttach_Release(dst_attach);
        }
        IAttach_Release(src_attach);
    }
    FreeProws(rows);
    return hr;
}

/* Adds a problem for each property SetProps refused. */
static void add_problems(SPropProblemArray **problems, SPropProblemArray *more)
{
    SPropProblemArray *merged;
    ULONG count;

    if (!more) return;
    if (!problems) { MAPIFreeBuffer(more); return; }
    if (!*problems) { *problems = more; return; }
    count = (*problems)->cProblem + more->cProblem;
    if (SUCCEEDED(MAPIAllocateBuffer(CbNewSPropProblemArray(count), (void **)&merged)))
    {
        merged->cProblem = count;
        memcpy(merged->aProblem, (*problems)->aProblem, (*problems)->cProblem * sizeof(SPropProblem));
        memcpy(merged->aProblem + (*problems)->cProblem, more->aProblem, more->cProblem * sizeof(SPropProblem));
        MAPIFreeBuffer(*problems);
        *problems = merged;
    }
    MAPIFreeBuffer(more);
}

static void add_problem(SPropProblemArray **problems, ULONG index, ULONG tag, SCODE scode)
{
    SPropProblemArray *one;

    if (!problems || FAILED(MAPIAllocateBuffer(CbNewSPropProblemArray(1), (void **)&one))) return;
    one->cProblem = 1;
    one->aProblem[0].ulIndex = index;
    one->aProblem[0].ulPropTag = tag;
    one->aProblem[0].scode = scode;
    add_problems(problems, one);
}

/* The bytes of a binary property too big for GetProps, through streams. */
static HRESULT copy_binary_stream(IMAPIProp *src, IMAPIProp *dst, ULONG tag)
{
    IStream *in, *out;
    ULONG read, written;
    BYTE *buffer;
    HRESULT hr;

    if (FAILED(hr = IMAPIProp_OpenProperty(src, tag, &IID_IStream, STGM_READ, 0, (IUnknown **)&in))) return hr;
    if (FAILED(hr = IMAPIProp_OpenProperty(dst, tag, &IID_IStream, STGM_CREATE | STGM_READWRITE,
                                           MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&out)))
    {
        IStream_Release(in);
        return hr;
    }
    if (!(buffer = malloc(0x10000))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    while (buffer && SUCCEEDED(hr = IStream_Read(in, buffer, 0x10000, &read)) && read)
    {
        if (FAILED(hr = IStream_Write(out, buffer, read, &written))) break;
        if (written != read)
        {
            hr = MAPI_E_DISK_ERROR;
            break;
        }
    }
    if (SUCCEEDED(hr))
    {
        hr = IStream_Commit(out, STGC_DEFAULT);
        if (hr == E_NOTIMPL || hr == STG_E_INVALIDFUNCTION) hr = S_OK;
    }
    free(buffer);
    IStream_Release(out);
    IStream_Release(in);
    return hr;
}

/* A value GetProps could not give (too big for it, as some stores say of long texts): copied
 * through streams when the source opens one; S_FALSE when it has none. */
static HRESULT copy_long_value(IMAPIProp *src, IMAPIProp *dst, ULONG tag)
{
    WCHAR *text;
    HRESULT hr;

    switch (PROP_TYPE(tag))
    {
    case PT_UNICODE:
        if (FAILED(mapi_read_text_w(src, tag, &text))) return S_FALSE;
        TRACE("%#lx copied through streams\n", tag);
        hr = mapi_write_text_w(dst, tag, text, lstrlenW(text));
        HeapFree(GetProcessHeap(), 0, text);
        return hr;
    case PT_BINARY:
    {
        IStream *probe;

        if (FAILED(IMAPIProp_OpenProperty(src, tag, &IID_IStream, STGM_READ, 0, (IUnknown **)&probe)))
            return S_FALSE;
        IStream_Release(probe);
        TRACE("%#lx copied through streams\n", tag);
        return copy_binary_stream(src, dst, tag);
    }
    default:
        return S_FALSE;
    }
}

/* A copy of a tag list whose string tags are PT_UNICODE (MAPIFreeBuffer). */
static HRESULT unicode_tags(const SPropTagArray *tags, SPropTagArray **copy)
{
    ULONG i, type;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbSPropTagArray(tags), (void **)copy))) return hr;
    (*copy)->cValues = tags->cValues;
    for (i = 0; i < tags->cValues; i++)
    {
        type = PROP_TYPE(tags->aulPropTag[i]);
        (*copy)->aulPropTag[i] = (type & ~MV_FLAG) == PT_STRING8 ?
                CHANGE_PROP_TYPE(tags->aulPropTag[i], (type & MV_FLAG) | PT_UNICODE) : tags->aulPropTag[i];
    }
    return S_OK;
}

/* Copies the properties (include: these only; exclude: all but these) and, for
 * messages, recipients and attachments unless excluded. Strings go in Unicode
 * from a source that speaks it to a destination that takes it, and in ANSI
 * where either side knows no other. */
static HRESULT copy_object(IMAPIProp *src, IMAPIProp *dst, const SPropTagArray *include,
                           const SPropTagArray *exclude, ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *wanted = NULL, *existing = NULL;
    SPropProblemArray *set_problems = NULL;
    IMessage *src_message, *dst_message;
    SPropValue *values = NULL;
    ULONG count = 0, i, kept = 0;
    HRESULT hr;

    if (include) hr = unicode_tags(include, &wanted);
    else hr = mapi_get_prop_list_w(src, &wanted);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = mapi_get_props_w(src, wanted, &count, &values))) goto done;
    if (count != wanted->cValues)
    {
        hr = MAPI_E_CALL_FAILED;
        goto done;
    }
    if ((flags & MAPI_NOREPLACE) && FAILED(mapi_get_prop_list_w(dst, &existing))) existing = NULL;

    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag;

        if (exclude && tag_in(tag, exclude)) continue;
        if (existing && tag_in(tag, existing)) continue;
        /* Objects (recipients, attachments, tables) are copied below, not as values. */
        if (PROP_TYPE(tag) == PT_OBJECT) continue;
        if (PROP_TYPE(tag) == PT_ERROR)
        {
            /* What the source could not give in a value may come through a stream; the rest is left out. */
            hr = copy_long_value(src, dst, wanted->aulPropTag[i]);
            if (FAILED(hr)) add_problem(problems, i, wanted->aulPropTag[i], hr);
            continue;
        }
        values[kept++] = values[i];
    }
    if (kept && FAILED(hr = mapi_set_props_w(dst, kept, values, &set_problems))) goto done;
    add_problems(problems, set_problems);
    hr = S_OK;

    if (SUCCEEDED(IMAPIProp_QueryInterface(src, &IID_IMessage, (void **)&src_message)))
    {
        if (SUCCEEDED(IMAPIProp_QueryInterface(dst, &IID_IMessage, (void **)&dst_message)))
        {
            if ((include ? tag_in(PR_MESSAGE_RECIPIENTS, include) : !tag_in(PR_MESSAGE_RECIPIENTS, exclude)))
                hr = copy_recipients(src_message, dst_message);
            if (SUCCEEDED(hr) &&
                (include ? tag_in(PR_MESSAGE_ATTACHMENTS, include) : !tag_in(PR_MESSAGE_ATTACHMENTS, exclude)))
                hr = copy_attachments(src_message, dst_message, flags);
            IMessage_Release(dst_message);
        }
        IMessage_Release(src_message);
    }

done:
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(wanted);
    MAPIFreeBuffer(existing);
    return hr;
}

static HRESULT check_copy_args(LPCIID src_iid, void *src, LPCIID dst_iid, void *dst, ULONG flags)
{
    if (!src || !dst || !dst_iid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (src == dst) return MAPI_E_NO_ACCESS;
    return S_OK;
}

HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, LPCIID src_iid, LPVOID src_object, ULONG exclude_count,
                                LPCIID exclude_iids, LPSPropTagArray exclude_props, ULONG_PTR ui_param,
                                LPMAPIPROGRESS progress, LPCIID dst_iid, LPVOID dst_object, ULONG flags,
                                LPSPropProblemArray *problems)
{
    IMAPIProp *src, *dst;
    HRESULT hr;
    ULONG i;

    TRACE("(%p,%s,%p,%lu,%p,%p,%#Ix,%p,%s,%p,%#lx,%p)\n", iface, debugstr_guid(src_iid), src_object,
          exclude_count, exclude_iids, exclude_props, ui_param, progress, debugstr_guid(dst_iid), dst_object,
          flags, problems);

    if (problems) *problems = NULL;
    if (FAILED(hr = check_copy_args(src_iid, src_object, dst_iid, dst_object, flags))) return hr;
    if (exclude_count && !exclude_iids) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < exclude_count; i++)
        if (IsEqualIID(&exclude_iids[i], dst_iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if (FAILED(hr = ((IUnknown *)src_object)->lpVtbl->QueryInterface((IUnknown *)src_object, &IID_IMAPIProp, (void **)&src))) return hr;
    if (SUCCEEDED(hr = ((IUnknown *)dst_object)->lpVtbl->QueryInterface((IUnknown *)dst_object, &IID_IMAPIProp, (void **)&dst)))
    {
        hr = copy_object(src, dst, NULL, exclude_props, flags, problems);
        IMAPIProp_Release(dst);
    }
    IMAPIProp_Release(src);
    return hr;
}

HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, LPCIID src_iid, LPVOID src_object,
                                   LPSPropTagArray include_props, ULONG_PTR ui_param, LPMAPIPROGRESS progress,
                                   LPCIID dst_iid, LPVOID dst_object, ULONG flags, LPSPropProblemArray *problems)
{
    IMAPIProp *src, *dst;
    HRESULT hr;

    TRACE("(%p,%s,%p,%p,%#Ix,%p,%s,%p,%#lx,%p)\n", iface, debugstr_guid(src_iid), src_object, include_props,
          ui_param, progress, debugstr_guid(dst_iid), dst_object, flags, problems);

    if (problems) *problems = NULL;
    if (FAILED(hr = check_copy_args(src_iid, src_object, dst_iid, dst_object, flags))) return hr;
    if (!include_props) return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = ((IUnknown *)src_object)->lpVtbl->QueryInterface((IUnknown *)src_object, &IID_IMAPIProp, (void **)&src))) return hr;
    if (SUCCEEDED(hr = ((IUnknown *)dst_object)->lpVtbl->QueryInterface((IUnknown *)dst_object, &IID_IMAPIProp, (void **)&dst)))
    {
        hr = copy_object(src, dst, include_props, NULL, flags, problems);
        /* A move takes the properties away from the source. */
        if (SUCCEEDED(hr) && (flags & MAPI_MOVE)) IMAPIProp_DeleteProps(src, include_props, NULL);
        IMAPIProp_Release(dst);
    }
    IMAPIProp_Release(src);
    return hr;
}

/* A copy of one message of src in dst; new_entryid (may be NULL) gets its entry ID there. */
static HRESULT copy_one_message(IMAPIFolder *src, IMAPIFolder *dst, const SBinary *entryid, SPropValue **new_entryid)
{
    IMessage *src_message, *dst_message;
    ULONG type;
    HRESULT hr;

    if (FAILED(hr = IMAPIFolder_OpenEntry(src, entryid->cb, (ENTRYID *)entryid->lpb, &IID_IMessage, 0,
                                          &type, (IUnknown **)&src_message)))
        return hr;
    if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(dst, &IID_IMessage, 0, &dst_message)))
    {
        if (SUCCEEDED(hr = copy_object((IMAPIProp *)src_message, (IMAPIProp *)dst_message, NULL,
                                       (SPropTagArray *)&identity, 0, NULL)))
            hr = IMessage_SaveChanges(dst_message, new_entryid ? KEEP_OPEN_READONLY : 0);
        if (SUCCEEDED(hr) && new_entryid)
            hr = HrGetOneProp((IMAPIProp *)dst_message, PR_ENTRYID, new_entryid);
        IMessage_Release(dst_message);
    }
    IMessage_Release(src_message);
    return hr;
}

/***********************************************************************
 *  mapi_copy_message
 *
 * A copy of one message of a folder in another folder (of any store),
 * made through both stores' interfaces as IMAPISupport::CopyMessages
 * makes it; *new_entryid (MAPIFreeBuffer) is the copy's PR_ENTRYID.
 */
HRESULT mapi_copy_message(IMAPIFolder *src, IMAPIFolder *dst, const SBinary *entryid, SPropValue **new_entryid)
{
    *new_entryid = NULL;
    return copy_one_message(src, dst, entryid, new_entryid);
}

HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, LPCIID src_iid, LPVOID src_folder, LPENTRYLIST messages,
                                    LPCIID dst_iid, LPVOID dst_folder, ULONG_PTR ui_param,
                                    LPMAPIPROGRESS progress, ULONG flags)
{
    IMAPIFolder *src, *dst;
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("(%p,%s,%p,%p,%s,%p,%#Ix,%p,%#lx)\n", iface, debugstr_guid(src_iid), src_folder, messages,
          debugstr_guid(dst_iid), dst_folder, ui_param, progress, flags);

    if (!src_folder || !dst_folder || !messages) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if (dst_iid && !IsEqualIID(dst_iid, &IID_IMAPIFolder) && !IsEqualIID(dst_iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;

    src = src_folder;
    dst = dst_folder;
    for (i = 0; i < messages->cValues && SUCCEEDED(hr); i++)
        hr = copy_one_message(src, dst, &messages->lpbin[i], NULL);
    if (SUCCEEDED(hr) && (flags & MESSAGE_MOVE))
        hr = IMAPIFolder_DeleteMessages(src, messages, 0, NULL, 0);
    return hr;
}

static HRESULT copy_folder_tree(IMAPIFolder *src, IMAPIFolder *dst, ULONG flags);

static HRESULT copy_folder_contents(IMAPIFolder *src, IMAPIFolder *dst, ULONG flags)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
    ENTRYLIST list;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IMAPIFolder_GetContentsTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    if (rows->cRows && (list.lpbin = malloc(rows->cRows * sizeof(SBinary))))
    {
        list.cValues = 0;
        for (i = 0; i < rows->cRows; i++)
            if (rows->aRow[i].lpProps[0].ulPropTag == PR_ENTRYID)
                list.lpbin[list.cValues++] = rows->aRow[i].lpProps[0].Value.bin;
        for (i = 0; i < list.cValues && SUCCEEDED(hr); i++)
            hr = copy_one_message(src, dst, &list.lpbin[i], NULL);
        free(list.lpbin);
    }
    else if (rows->cRows) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    FreeProws(rows);
    if (FAILED(hr) || !(flags & COPY_SUBFOLDERS)) return hr;

    if (FAILED(hr = IMAPIFolder_GetHierarchyTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        IMAPIFolder *child;
        ULONG type;

        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ENTRYID) continue;
        if (FAILED(hr = IMAPIFolder_OpenEntry(src, rows->aRow[i].lpProps[0].Value.bin.cb,
                                              (ENTRYID *)rows->aRow[i].lpProps[0].Value.bin.lpb,
                                              &IID_IMAPIFolder, 0, &type, (IUnknown **)&child)))
            break;
        hr = copy_folder_tree(child, dst, flags);
        IMAPIFolder_Release(child);
    }
    FreeProws(rows);
    return hr;
}

/* A folder's name and comment, in Unicode whatever its store speaks. */
static HRESULT folder_names(IMAPIFolder *folder, SPropValue **names)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_DISPLAY_NAME_W, PR_COMMENT_W } };
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = mapi_get_props_w((IMAPIProp *)folder, (SPropTagArray *)&tags, &count, names))) return hr;
    if ((*names)[0].ulPropTag != PR_DISPLAY_NAME_W)
    {
        hr = PROP_TYPE((*names)[0].ulPropTag) == PT_ERROR ? (*names)[0].Value.err : MAPI_E_NOT_FOUND;
        MAPIFreeBuffer(*names);
        *names = NULL;
        return hr;
    }
    return S_OK;
}

/* Creates a copy of src (named after it) under parent, with its contents. */
static HRESULT copy_folder_tree(IMAPIFolder *src, IMAPIFolder *parent, ULONG flags)
{
    SPropValue *names;
    IMAPIFolder *copy;
    HRESULT hr;

    if (FAILED(hr = folder_names(src, &names))) return hr;
    hr = mapi_create_folder_w(parent, FOLDER_GENERIC, names[0].Value.lpszW,
                              names[1].ulPropTag == PR_COMMENT_W ? names[1].Value.lpszW : NULL, &IID_IMAPIFolder,
                              OPEN_IF_EXISTS, &copy);
    MAPIFreeBuffer(names);
    if (FAILED(hr)) return hr;
    hr = copy_folder_contents(src, copy, flags | COPY_SUBFOLDERS);
    IMAPIFolder_Release(copy);
    return hr;
}

HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, LPCIID src_iid, LPVOID src_folder, ULONG size,
                                  LPENTRYID entryid, LPCIID dst_iid, LPVOID dst_folder, WINE_LPTSTR new_name,
                                  ULONG_PTR ui_param, LPMAPIPROGRESS progress, ULONG flags)
{
    IMAPIFolder *src = src_folder, *dst = dst_folder, *folder, *copy;
    SPropValue *names = NULL;
    WCHAR *name = NULL;
    ULONG type;
    HRESULT hr;

    TRACE("(%p,%s,%p,%lu,%p,%s,%p,%p,%#Ix,%p,%#lx)\n", iface, debugstr_guid(src_iid), src_folder, size, entryid,
          debugstr_guid(dst_iid), dst_folder, new_name, ui_param, progress, flags);

    if (!src_folder || !dst_folder || !size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FOLDER_MOVE | FOLDER_DIALOG | COPY_SUBFOLDERS | MAPI_DECLINE_OK | MAPI_UNICODE))
        return MAPI_E_UNKNOWN_FLAGS;

    if (FAILED(hr = IMAPIFolder_OpenEntry(src, size, entryid, &IID_IMAPIFolder, 0, &type, (IUnknown **)&folder)))
        return hr;
    /* Named as the caller says, or after the source; with the source's comment. */
    if (SUCCEEDED(hr = folder_names(folder, &names)))
        name = mapi_strdupW_from(new_name ? new_name : (void *)names[0].Value.lpszW,
                                 new_name ? flags & MAPI_UNICODE : TRUE);
    if (SUCCEEDED(hr) && !name) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) &&
        SUCCEEDED(hr = mapi_create_folder_w(dst, FOLDER_GENERIC, name,
                                            names[1].ulPropTag == PR_COMMENT_W ? names[1].Value.lpszW : NULL,
                                            &IID_IMAPIFolder, 0, &copy)))
    {
        hr = copy_folder_contents(folder, copy, flags);
        IMAPIFolder_Release(copy);
    }
    if (SUCCEEDED(hr) && (flags & FOLDER_MOVE))
        /* Wine's IMAPIFolder_DeleteFolder macro calls CreateFolder: go through the vtable. */
        hr = src->lpVtbl->DeleteFolder(src, size, entryid, 0, NULL, DEL_FOLDERS | DEL_MESSAGES);
    MAPIFreeBuffer(names);
    free(name);
    IMAPIFolder_Release(folder);
    return hr;
}
