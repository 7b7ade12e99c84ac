/*
 * The generic copies of IMAPISupport a store may lean on for its own
 * IMAPIProp::CopyTo and CopyProps and IMAPIFolder::CopyMessages and
 * CopyFolder: they work through the public interfaces of the source and
 * destination objects only, so they copy between any two stores.
 *
 * Properties are copied with GetProps and SetProps; a message's recipients
 * through its recipient table and ModifyRecipients, its attachments one by
 * one, a folder's messages and subfolders through CopyMessages and
 * CopyFolder. MAPI_DIALOG has no dialog to show (no UI) and is ignored.
 */

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

static HRESULT copy_recipients(IMessage *src, IMessage *dst)
{
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetRecipientTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, NULL, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    /* The destination numbers its recipients itself. */
    if (rows->cRows) hr = IMessage_ModifyRecipients(dst, 0, (ADRLIST *)rows);
    FreeProws(rows);
    return hr;
}

static HRESULT copy_object(IMAPIProp *src, IMAPIProp *dst, const SPropTagArray *include,
                           const SPropTagArray *exclude, ULONG flags, SPropProblemArray **problems);

static HRESULT copy_attachments(IMessage *src, IMessage *dst, ULONG flags)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ATTACH_NUM } };
    IAttach *src_attach, *dst_attach;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, num;
    HRESULT hr;

    if (FAILED(hr = IMessage_GetAttachmentTable(src, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
        if (FAILED(hr = IMessage_OpenAttach(src, rows->aRow[i].lpProps[0].Value.l, NULL, 0, &src_attach)))
            break;
        if (SUCCEEDED(hr = IMessage_CreateAttach(dst, NULL, 0, &num, &dst_attach)))
        {
            static const SizedSPropTagArray(1, skip) = { 1, { PR_ATTACH_NUM } };
            if (SUCCEEDED(hr = copy_object((IMAPIProp *)src_attach, (IMAPIProp *)dst_attach, NULL,
                                           (SPropTagArray *)&skip, flags & ~MAPI_MOVE, NULL)))
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

/* Copies the properties (include: these only; exclude: all but these) and, for
 * messages, recipients and attachments unless excluded. */
static HRESULT copy_object(IMAPIProp *src, IMAPIProp *dst, const SPropTagArray *include,
                           const SPropTagArray *exclude, ULONG flags, SPropProblemArray **problems)
{
    SPropTagArray *tags = NULL, *wanted;
    SPropProblemArray *set_problems = NULL;
    IMessage *src_message, *dst_message;
    SPropValue *values = NULL, *existing;
    ULONG count = 0, i, kept = 0;
    HRESULT hr;

    if (include) wanted = (SPropTagArray *)include;
    else
    {
        if (FAILED(hr = IMAPIProp_GetPropList(src, 0, &tags))) return hr;
        wanted = tags;
    }
    hr = IMAPIProp_GetProps(src, wanted, 0, &count, &values);
    if (FAILED(hr)) goto done;

    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag;
        /* Objects (recipients, attachments, tables) are copied below, not as values;
         * what the source could not give is left out. */
        if (PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_OBJECT) continue;
        if (exclude && tag_in(tag, exclude)) continue;
        if ((flags & MAPI_NOREPLACE) &&
            SUCCEEDED(HrGetOneProp(dst, tag, &existing)))
        {
            MAPIFreeBuffer(existing);
            continue;
        }
        values[kept++] = values[i];
    }
    if (kept && FAILED(hr = IMAPIProp_SetProps(dst, kept, values, &set_problems))) goto done;
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
    MAPIFreeBuffer(tags);
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

static HRESULT copy_one_message(IMAPIFolder *src, IMAPIFolder *dst, const SBinary *entryid)
{
    IMessage *src_message, *dst_message;
    ULONG type;
    HRESULT hr;

    if (FAILED(hr = IMAPIFolder_OpenEntry(src, entryid->cb, (ENTRYID *)entryid->lpb, &IID_IMessage, 0,
                                          &type, (IUnknown **)&src_message)))
        return hr;
    if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(dst, &IID_IMessage, 0, &dst_message)))
    {
        static const SizedSPropTagArray(4, skip) =
            { 4, { PR_ENTRYID, PR_PARENT_ENTRYID, PR_STORE_ENTRYID, PR_RECORD_KEY } };
        if (SUCCEEDED(hr = copy_object((IMAPIProp *)src_message, (IMAPIProp *)dst_message, NULL,
                                       (SPropTagArray *)&skip, 0, NULL)))
            hr = IMessage_SaveChanges(dst_message, 0);
        IMessage_Release(dst_message);
    }
    IMessage_Release(src_message);
    return hr;
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
        hr = copy_one_message(src, dst, &messages->lpbin[i]);
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
            hr = copy_one_message(src, dst, &list.lpbin[i]);
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
    /* Named as the caller says, or after the source. */
    if (new_name) name = mapi_strdupW_from(new_name, flags & MAPI_UNICODE);
    else if (SUCCEEDED(hr = folder_names(folder, &names))) name = mapi_strdupW_from(names[0].Value.lpszW, TRUE);
    if (SUCCEEDED(hr) && !name) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) &&
        SUCCEEDED(hr = mapi_create_folder_w(dst, FOLDER_GENERIC, name, NULL, &IID_IMAPIFolder, 0, &copy)))
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
