/*
 * mapi32's own calls into providers that may not speak Unicode.
 *
 * Unicode is optional for a provider ("MAPI Character Sets"): one that
 * knows ANSI only answers MAPI_UNICODE with MAPI_E_BAD_CHARWIDTH (some say
 * MAPI_E_UNKNOWN_FLAGS), answers PT_UNICODE tags with PT_ERROR (some give
 * the PT_STRING8 value instead) and does not take PT_UNICODE values. Where
 * mapi32 itself works on a store's or an address book's objects (the
 * spooler, the support objects' helpers, Simple MAPI, TNEF, the address
 * book) it asks in Unicode first and, when refused, asks again in ANSI and
 * turns the answer into Unicode, or writes the ANSI form of what it wrote.
 * The helpers below do that once for every caller.
 */

#define COBJMACROS

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

BOOL mapi_unicode_refused(HRESULT hr)
{
    return hr == MAPI_E_BAD_CHARWIDTH || hr == MAPI_E_UNKNOWN_FLAGS;
}

static BOOL is_unicode_type(ULONG tag)
{
    return (PROP_TYPE(tag) & ~MV_FLAG) == PT_UNICODE;
}

ULONG mapi_ansi_tag(ULONG tag)
{
    if (!is_unicode_type(tag)) return tag;
    return CHANGE_PROP_TYPE(tag, (PROP_TYPE(tag) & MV_FLAG) | PT_STRING8);
}

/* A copy of a tag array with the PT_STRING8 twin of each PT_UNICODE tag (MAPIFreeBuffer). */
static HRESULT ansi_tags(const SPropTagArray *tags, SPropTagArray **ansi)
{
    ULONG i;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbSPropTagArray(tags), (void **)ansi))) return hr;
    (*ansi)->cValues = tags->cValues;
    for (i = 0; i < tags->cValues; i++) (*ansi)->aulPropTag[i] = mapi_ansi_tag(tags->aulPropTag[i]);
    return S_OK;
}

static WCHAR *wide_more(const char *text, void *block)
{
    WCHAR *wide;
    int len = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);

    if (!len || FAILED(MAPIAllocateMore(len * sizeof(WCHAR), block, (void **)&wide))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, text, -1, wide, len);
    return wide;
}

static char *ansi_more(const WCHAR *text, void *block)
{
    char *ansi;
    int len = WideCharToMultiByte(CP_ACP, 0, text, -1, NULL, 0, NULL, NULL);

    if (!len || FAILED(MAPIAllocateMore(len, block, (void **)&ansi))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, text, -1, ansi, len, NULL, NULL);
    return ansi;
}

/* Whether a PT_STRING8 value answers a tag asked for in Unicode (or unspecified, under MAPI_UNICODE). */
static BOOL wanted_unicode(ULONG wanted)
{
    ULONG type = PROP_TYPE(wanted) & ~MV_FLAG;
    return type == PT_UNICODE || type == PT_UNSPECIFIED;
}

/***********************************************************************
 *  mapi_values_to_unicode
 *
 * Turns the PT_STRING8 (and PT_MV_STRING8) values of an array into their
 * PT_UNICODE forms, the text allocated with MAPIAllocateMore on block.
 * wanted, when not NULL, holds the tags that were asked for, one per
 * value: a value asked for as PT_STRING8 stays so.
 */
HRESULT mapi_values_to_unicode(ULONG count, SPropValue *values, void *block, const SPropTagArray *wanted)
{
    ULONG i, j;

    if (wanted && wanted->cValues != count) wanted = NULL;
    for (i = 0; i < count; i++)
    {
        SPropValue *value = &values[i];

        if (wanted && !wanted_unicode(wanted->aulPropTag[i])) continue;
        if (PROP_TYPE(value->ulPropTag) == PT_STRING8)
        {
            WCHAR *wide = value->Value.lpszA ? wide_more(value->Value.lpszA, block) : NULL;

            if (value->Value.lpszA && !wide) return MAPI_E_NOT_ENOUGH_MEMORY;
            value->ulPropTag = CHANGE_PROP_TYPE(value->ulPropTag, PT_UNICODE);
            value->Value.lpszW = wide;
        }
        else if (PROP_TYPE(value->ulPropTag) == PT_MV_STRING8)
        {
            WCHAR **array;

            if (FAILED(MAPIAllocateMore(max(value->Value.MVszA.cValues, 1) * sizeof(WCHAR *), block,
                                        (void **)&array)))
                return MAPI_E_NOT_ENOUGH_MEMORY;
            for (j = 0; j < value->Value.MVszA.cValues; j++)
            {
                array[j] = NULL;
                if (value->Value.MVszA.lppszA[j] && !(array[j] = wide_more(value->Value.MVszA.lppszA[j], block)))
                    return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            value->ulPropTag = CHANGE_PROP_TYPE(value->ulPropTag, PT_MV_UNICODE);
            value->Value.MVszW.lppszW = array;
        }
    }
    return S_OK;
}

/***********************************************************************
 *  mapi_values_to_ansi
 *
 * A copy of an array whose PT_UNICODE (and PT_MV_UNICODE) values are
 * PT_STRING8, in one block for MAPIFreeBuffer.
 *
 * NOTES
 *  Only the converted text is copied: the other values point into the
 *  caller's array, which must outlive the copy.
 */
HRESULT mapi_values_to_ansi(ULONG count, const SPropValue *values, SPropValue **ansi)
{
    SPropValue *copy;
    ULONG i, j;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(max(count, 1) * sizeof(*copy), (void **)&copy))) return hr;
    for (i = 0; i < count; i++)
    {
        copy[i] = values[i];
        if (PROP_TYPE(values[i].ulPropTag) == PT_UNICODE)
        {
            copy[i].ulPropTag = mapi_ansi_tag(values[i].ulPropTag);
            if (values[i].Value.lpszW && !(copy[i].Value.lpszA = ansi_more(values[i].Value.lpszW, copy)))
                goto no_memory;
        }
        else if (PROP_TYPE(values[i].ulPropTag) == PT_MV_UNICODE)
        {
            copy[i].ulPropTag = mapi_ansi_tag(values[i].ulPropTag);
            if (FAILED(MAPIAllocateMore(max(values[i].Value.MVszW.cValues, 1) * sizeof(char *), copy,
                                        (void **)&copy[i].Value.MVszA.lppszA)))
                goto no_memory;
            for (j = 0; j < values[i].Value.MVszW.cValues; j++)
            {
                const WCHAR *text = values[i].Value.MVszW.lppszW[j];

                copy[i].Value.MVszA.lppszA[j] = NULL;
                if (text && !(copy[i].Value.MVszA.lppszA[j] = ansi_more(text, copy))) goto no_memory;
            }
        }
    }
    *ansi = copy;
    return S_OK;

no_memory:
    MAPIFreeBuffer(copy);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

/***********************************************************************
 *  mapi_get_prop_list_w
 *
 * IMAPIProp::GetPropList with MAPI_UNICODE of a provider's object, asked
 * again without it of an object that refuses the flag. Either way the
 * string tags of the list are PT_UNICODE: mapi_get_props_w answers them
 * in Unicode whatever the object speaks.
 */
HRESULT mapi_get_prop_list_w(IMAPIProp *object, SPropTagArray **tags)
{
    HRESULT hr;
    ULONG i, type;

    *tags = NULL;
    hr = IMAPIProp_GetPropList(object, MAPI_UNICODE, tags);
    if (mapi_unicode_refused(hr))
    {
        TRACE("%p lists its properties in ANSI\n", object);
        hr = IMAPIProp_GetPropList(object, 0, tags);
    }
    if (FAILED(hr)) return hr;
    for (i = 0; i < (*tags)->cValues; i++)
    {
        type = PROP_TYPE((*tags)->aulPropTag[i]);
        if ((type & ~MV_FLAG) == PT_STRING8)
            (*tags)->aulPropTag[i] = CHANGE_PROP_TYPE((*tags)->aulPropTag[i], (type & MV_FLAG) | PT_UNICODE);
    }
    return S_OK;
}

/* The PT_UNICODE tags a provider answered with PT_ERROR (it knows ANSI only, or did not
 * convert): their PT_STRING8 twins are asked for and put in place. */
static HRESULT fill_twins(IMAPIProp *object, const SPropTagArray *tags, ULONG count, SPropValue *values)
{
    SizedSPropTagArray(64, twins);
    ULONG where[64], got, i, n = 0;
    SPropValue *found;
    HRESULT hr;

    for (i = 0; i < count && n < ARRAY_SIZE(where); i++)
    {
        if (!is_unicode_type(tags->aulPropTag[i]) || PROP_TYPE(values[i].ulPropTag) != PT_ERROR) continue;
        twins.aulPropTag[n] = mapi_ansi_tag(tags->aulPropTag[i]);
        where[n++] = i;
    }
    if (!n) return S_OK;
    twins.cValues = n;
    if (FAILED(hr = IMAPIProp_GetProps(object, (SPropTagArray *)&twins, 0, &got, &found))) return hr;
    for (i = 0; i < n && i < got; i++)
    {
        if (found[i].ulPropTag != twins.aulPropTag[i]) continue;
        TRACE("%#lx answered by its ANSI twin\n", tags->aulPropTag[where[i]]);
        if (FAILED(hr = PropCopyMore(&values[where[i]], &found[i], MAPIAllocateMore, values))) break;
    }
    MAPIFreeBuffer(found);
    return hr;
}

/***********************************************************************
 *  mapi_get_props_w
 *
 * IMAPIProp::GetProps with MAPI_UNICODE of a provider's object: asked
 * again in ANSI when the object refuses the flag, the PT_STRING8 twins of
 * the PT_UNICODE tags it could not answer, and every string of the answer
 * in Unicode but those asked for as PT_STRING8.
 *
 * RETURNS
 *  As GetProps: S_OK, MAPI_W_ERRORS_RETURNED or a failure.
 */
HRESULT mapi_get_props_w(IMAPIProp *object, const SPropTagArray *tags, ULONG *count, SPropValue **values)
{
    SPropTagArray *ansi = NULL;
    HRESULT hr;
    ULONG i;

    *values = NULL;
    *count = 0;
    hr = IMAPIProp_GetProps(object, (SPropTagArray *)tags, MAPI_UNICODE, count, values);
    if (mapi_unicode_refused(hr))
    {
        TRACE("%p knows ANSI only\n", object);
        if (tags && FAILED(hr = ansi_tags(tags, &ansi))) return hr;
        hr = IMAPIProp_GetProps(object, ansi, 0, count, values);
        MAPIFreeBuffer(ansi);
    }
    if (FAILED(hr)) return hr;
    if (tags && *count != tags->cValues)
    {
        WARN("%lu values for %lu tags\n", *count, tags->cValues);
        tags = NULL;
    }
    if (tags) fill_twins(object, tags, *count, *values);
    if (FAILED(hr = mapi_values_to_unicode(*count, *values, *values, tags)))
    {
        MAPIFreeBuffer(*values);
        *values = NULL;
        *count = 0;
        return hr;
    }
    for (i = 0; i < *count; i++) if (PROP_TYPE((*values)[i].ulPropTag) == PT_ERROR) return MAPI_W_ERRORS_RETURNED;
    return S_OK;
}

/* A problem array made of the problems of the first SetProps that were not retried and those of
 * the retry, whose indexes are those of its values in the first call. */
static HRESULT merge_problems(SPropProblemArray *first, const BOOL *retried, SPropProblemArray *second,
                              const ULONG *where, ULONG retry_count, SPropProblemArray **merged)
{
    ULONG count = (first ? first->cProblem : 0) + (second ? second->cProblem : 0), i;
    SPropProblemArray *all;
    HRESULT hr;

    *merged = NULL;
    if (!count) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropProblemArray(count), (void **)&all))) return hr;
    all->cProblem = 0;
    for (i = 0; first && i < first->cProblem; i++)
        if (!retried[i]) all->aProblem[all->cProblem++] = first->aProblem[i];
    for (i = 0; second && i < second->cProblem; i++)
    {
        if (second->aProblem[i].ulIndex >= retry_count) continue;
        all->aProblem[all->cProblem] = second->aProblem[i];
        all->aProblem[all->cProblem++].ulIndex = where[second->aProblem[i].ulIndex];
    }
    if (all->cProblem) *merged = all;
    else MAPIFreeBuffer(all);
    return S_OK;
}

/***********************************************************************
 *  mapi_set_props_w
 *
 * IMAPIProp::SetProps of a provider's object with PT_UNICODE values: the
 * ones it refuses (the whole call, or each in the problem array) are set
 * again as PT_STRING8.
 *
 * NOTES
 *  problems may be NULL. The ANSI text is what the system code page can
 *  say of the Unicode one.
 */
HRESULT mapi_set_props_w(IMAPIProp *object, ULONG count, const SPropValue *values, SPropProblemArray **problems)
{
    SPropProblemArray *first = NULL, *second = NULL;
    SPropValue *ansi = NULL, *retry = NULL;
    ULONG *where = NULL, n = 0, i;
    BOOL *retried = NULL;
    HRESULT hr;

    if (problems) *problems = NULL;
    hr = IMAPIProp_SetProps(object, count, (SPropValue *)values, &first);
    if (mapi_unicode_refused(hr))
    {
        TRACE("%p takes ANSI only\n", object);
        if (FAILED(hr = mapi_values_to_ansi(count, values, &ansi))) return hr;
        hr = IMAPIProp_SetProps(object, count, ansi, problems);
        MAPIFreeBuffer(ansi);
        return hr;
    }
    if (FAILED(hr) || !first) goto done;

    if (!(retried = calloc(first->cProblem, sizeof(*retried))) || !(where = calloc(first->cProblem, sizeof(*where))) ||
        FAILED(MAPIAllocateBuffer(first->cProblem * sizeof(*retry), (void **)&retry)))
        goto done;
    for (i = 0; i < first->cProblem; i++)
    {
        ULONG index = first->aProblem[i].ulIndex;

        if (index >= count || !is_unicode_type(values[index].ulPropTag)) continue;
        retried[i] = TRUE;
        where[n] = index;
        retry[n++] = values[index];
    }
    if (!n || FAILED(mapi_values_to_ansi(n, retry, &ansi))) goto done;
    TRACE("%lu value(s) set again in ANSI\n", n);
    if (SUCCEEDED(IMAPIProp_SetProps(object, n, ansi, &second)))
    {
        SPropProblemArray *merged;

        if (SUCCEEDED(merge_problems(first, retried, second, where, n, &merged)))
        {
            MAPIFreeBuffer(first);
            first = merged;
        }
    }
    MAPIFreeBuffer(ansi);

done:
    if (first)
    {
        if (problems) *problems = first;
        else MAPIFreeBuffer(first);
    }
    MAPIFreeBuffer(second);
    MAPIFreeBuffer(retry);
    free(retried);
    free(where);
    return hr;
}

/***********************************************************************
 *  mapi_modify_recipients_w
 *
 * IMessage::ModifyRecipients of a provider's message with PT_UNICODE
 * values: a message that refuses them gets the list again in ANSI.
 *
 * NOTES
 *  The caller keeps its list; the ANSI one is an ADRLIST of its own
 *  (each entry's values in a block of its own, as ModifyRecipients wants).
 */
HRESULT mapi_modify_recipients_w(IMessage *message, ULONG flags, const ADRLIST *list)
{
    ADRLIST *ansi;
    SPropValue *values;
    ULONG i;
    HRESULT hr;

    hr = IMessage_ModifyRecipients(message, flags, (ADRLIST *)list);
    if (!mapi_unicode_refused(hr) || !list) return hr;
    TRACE("%p takes ANSI recipients only\n", message);
    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(max(list->cEntries, 1)), (void **)&ansi))) return hr;
    ansi->cEntries = 0;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];
        ADRENTRY *copy = &ansi->aEntries[ansi->cEntries];
        ULONG size = 0;

        if (FAILED(hr = mapi_values_to_ansi(entry->cValues, entry->rgPropVals, &values))) break;
        /* In one block of its own: the converted text and what it still points to in the caller's list. */
        if (SUCCEEDED(hr = mapi_props_size(entry->cValues, values, &size)) &&
            SUCCEEDED(hr = MAPIAllocateBuffer(size, (void **)&copy->rgPropVals)))
        {
            if (FAILED(hr = mapi_props_copy(entry->cValues, values, copy->rgPropVals, NULL)))
                MAPIFreeBuffer(copy->rgPropVals);
            else
            {
                copy->ulReserved1 = 0;
                copy->cValues = entry->cValues;
                ansi->cEntries++;
            }
        }
        MAPIFreeBuffer(values);
    }
    if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(message, flags, ansi);
    FreePadrlist(ansi);
    return hr;
}

/* The tables of providers' objects that mapi32 reads. */
static HRESULT open_table(void *object, enum mapi_table which, ULONG flags, IMAPITable **table)
{
    switch (which)
    {
    case MAPI_TABLE_RECIPIENTS: return IMessage_GetRecipientTable((IMessage *)object, flags, table);
    case MAPI_TABLE_ATTACHMENTS: return IMessage_GetAttachmentTable((IMessage *)object, flags, table);
    case MAPI_TABLE_CONTENTS: return IMAPIContainer_GetContentsTable((IMAPIContainer *)object, flags, table);
    case MAPI_TABLE_HIERARCHY: return IMAPIContainer_GetHierarchyTable((IMAPIContainer *)object, flags, table);
    case MAPI_TABLE_ONE_OFF: return IABLogon_GetOneOffTable((IABLogon *)object, flags, table);
    }
    return MAPI_E_INVALID_PARAMETER;
}

/***********************************************************************
 *  mapi_open_table_w
 *
 * One of the tables of a provider's object, asked for with MAPI_UNICODE
 * and flags, or without MAPI_UNICODE when the object refuses it (*ansi is
 * then TRUE): read it with mapi_query_rows_w.
 */
HRESULT mapi_open_table_w(void *object, enum mapi_table which, ULONG flags, IMAPITable **table, BOOL *ansi)
{
    HRESULT hr;

    *ansi = FALSE;
    hr = open_table(object, which, flags | MAPI_UNICODE, table);
    if (!mapi_unicode_refused(hr)) return hr;
    TRACE("table %u of %p: ANSI\n", which, object);
    *ansi = TRUE;
    return open_table(object, which, flags & ~MAPI_UNICODE, table);
}

static BOOL unicode_cell_failed(const SRowSet *rows, const SPropTagArray *columns)
{
    ULONG i, j;

    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].cValues != columns->cValues) continue;
        for (j = 0; j < columns->cValues; j++)
            if (is_unicode_type(columns->aulPropTag[j]) && PROP_TYPE(rows->aRow[i].lpProps[j].ulPropTag) == PT_ERROR)
                return TRUE;
    }
    return FALSE;
}

/* A table that took MAPI_UNICODE but answered PT_UNICODE columns with PT_ERROR (it did not
 * convert): the rows read again with the PT_STRING8 twins fill those cells. */
static void fill_row_twins(IMAPITable *table, const SPropTagArray *columns, SRowSet *rows)
{
    SPropTagArray *twins;
    SRowSet *again;
    ULONG i, j;

    if (FAILED(ansi_tags(columns, &twins))) return;
    if (SUCCEEDED(HrQueryAllRows(table, twins, NULL, NULL, 0, &again)))
    {
        TRACE("%p answers in ANSI: its rows read again with the twins\n", table);
        for (i = 0; again->cRows == rows->cRows && i < rows->cRows; i++)
        {
            SRow *row = &rows->aRow[i], *twin = &again->aRow[i];

            if (row->cValues != columns->cValues || twin->cValues != columns->cValues) continue;
            for (j = 0; j < columns->cValues; j++)
            {
                if (!is_unicode_type(columns->aulPropTag[j]) || PROP_TYPE(row->lpProps[j].ulPropTag) != PT_ERROR ||
                    twin->lpProps[j].ulPropTag != twins->aulPropTag[j])
                    continue;
                PropCopyMore(&row->lpProps[j], &twin->lpProps[j], MAPIAllocateMore, row->lpProps);
            }
        }
        FreeProws(again);
    }
    /* The table as the caller asked for it. */
    IMAPITable_SetColumns(table, (SPropTagArray *)columns, 0);
    MAPIFreeBuffer(twins);
}

/***********************************************************************
 *  mapi_query_rows_w
 *
 * HrQueryAllRows of a table from mapi_open_table_w, with the columns
 * given (NULL: the table's own), every string of the rows in Unicode but
 * those of columns asked for as PT_STRING8.
 */
HRESULT mapi_query_rows_w(IMAPITable *table, BOOL ansi, const SPropTagArray *columns, SRowSet **rows)
{
    SPropTagArray *asked = NULL;
    HRESULT hr;
    ULONG i;

    *rows = NULL;
    if (ansi && columns && FAILED(hr = ansi_tags(columns, &asked))) return hr;
    hr = HrQueryAllRows(table, asked ? asked : (SPropTagArray *)columns, NULL, NULL, 0, rows);
    MAPIFreeBuffer(asked);
    if (FAILED(hr)) return hr;
    if (!ansi && columns && unicode_cell_failed(*rows, columns)) fill_row_twins(table, columns, *rows);
    for (i = 0; i < (*rows)->cRows; i++)
    {
        SRow *row = &(*rows)->aRow[i];

        if (FAILED(hr = mapi_values_to_unicode(row->cValues, row->lpProps, row->lpProps, columns)))
        {
            FreeProws(*rows);
            *rows = NULL;
            return hr;
        }
    }
    return S_OK;
}

/* Both at once, for a table read once. */
HRESULT mapi_table_rows_w(void *object, enum mapi_table which, const SPropTagArray *columns, SRowSet **rows)
{
    IMAPITable *table;
    BOOL ansi;
    HRESULT hr;

    *rows = NULL;
    if (FAILED(hr = mapi_open_table_w(object, which, 0, &table, &ansi))) return hr;
    hr = mapi_query_rows_w(table, ansi, columns, rows);
    IMAPITable_Release(table);
    return hr;
}

/***********************************************************************
 *  mapi_get_receive_folder_w
 *
 * IMsgStore::GetReceiveFolder of a message class given in Unicode (NULL:
 * the default), asked in ANSI of a store that refuses MAPI_UNICODE.
 */
HRESULT mapi_get_receive_folder_w(IMsgStore *mdb, const WCHAR *message_class, ULONG *size, ENTRYID **entryid)
{
    char *class_a = NULL;
    int len;
    HRESULT hr;

    *size = 0;
    *entryid = NULL;
    hr = IMsgStore_GetReceiveFolder(mdb, (LPSTR)message_class, MAPI_UNICODE, size, entryid, NULL);
    if (!mapi_unicode_refused(hr)) return hr;
    TRACE("%p: the receive folder of %s asked in ANSI\n", mdb, debugstr_w(message_class));
    if (message_class)
    {
        len = WideCharToMultiByte(CP_ACP, 0, message_class, -1, NULL, 0, NULL, NULL);
        if (!(class_a = malloc(len))) return MAPI_E_NOT_ENOUGH_MEMORY;
        WideCharToMultiByte(CP_ACP, 0, message_class, -1, class_a, len, NULL, NULL);
    }
    hr = IMsgStore_GetReceiveFolder(mdb, class_a, 0, size, entryid, NULL);
    free(class_a);
    return hr;
}

/***********************************************************************
 *  mapi_notify_new_mail_w
 *
 * IMsgStore::NotifyNewMail with a Unicode message class (MAPI_UNICODE in
 * the notification's flags); told again with the ANSI class to a store
 * that refuses the flag.
 */
HRESULT mapi_notify_new_mail_w(IMsgStore *mdb, const NOTIFICATION *notification)
{
    const WCHAR *message_class = (const WCHAR *)notification->info.newmail.lpszMessageClass;
    NOTIFICATION ansi;
    char *class_a = NULL;
    int len;
    HRESULT hr;

    hr = IMsgStore_NotifyNewMail(mdb, (NOTIFICATION *)notification);
    if (!mapi_unicode_refused(hr) || !(notification->info.newmail.ulFlags & MAPI_UNICODE)) return hr;
    TRACE("%p is told of new mail in ANSI\n", mdb);
    ansi = *notification;
    ansi.info.newmail.ulFlags &= ~MAPI_UNICODE;
    if (message_class)
    {
        len = WideCharToMultiByte(CP_ACP, 0, message_class, -1, NULL, 0, NULL, NULL);
        if (!(class_a = malloc(len))) return MAPI_E_NOT_ENOUGH_MEMORY;
        WideCharToMultiByte(CP_ACP, 0, message_class, -1, class_a, len, NULL, NULL);
    }
    ansi.info.newmail.lpszMessageClass = (void *)class_a;
    hr = IMsgStore_NotifyNewMail(mdb, &ansi);
    free(class_a);
    return hr;
}

/***********************************************************************
 *  mapi_create_folder_w
 *
 * IMAPIFolder::CreateFolder with a Unicode name and comment (flags without
 * MAPI_UNICODE), in ANSI for a store that refuses the flag.
 */
HRESULT mapi_create_folder_w(IMAPIFolder *parent, ULONG type, const WCHAR *name, const WCHAR *comment,
                             LPCIID iid, ULONG flags, IMAPIFolder **folder)
{
    /* Wine's mapidefs.h misdeclares the last parameter: it is an LPMAPIFOLDER *. */
    typedef HRESULT (STDMETHODCALLTYPE *create_folder_fn)(IMAPIFolder *, ULONG, LPSTR, LPSTR, LPCIID, ULONG,
                                                          IMAPIFolder **);
    create_folder_fn create = (create_folder_fn)parent->lpVtbl->CreateFolder;
    char *name_a = NULL, *comment_a = NULL;
    int len;
    HRESULT hr;

    hr = create(parent, type, (LPSTR)name, (LPSTR)comment, iid, flags | MAPI_UNICODE, folder);
    if (!mapi_unicode_refused(hr)) return hr;
    TRACE("%p: folder %s made in ANSI\n", parent, debugstr_w(name));
    if (name)
    {
        len = WideCharToMultiByte(CP_ACP, 0, name, -1, NULL, 0, NULL, NULL);
        if ((name_a = malloc(len))) WideCharToMultiByte(CP_ACP, 0, name, -1, name_a, len, NULL, NULL);
    }
    if (comment)
    {
        len = WideCharToMultiByte(CP_ACP, 0, comment, -1, NULL, 0, NULL, NULL);
        if ((comment_a = malloc(len))) WideCharToMultiByte(CP_ACP, 0, comment, -1, comment_a, len, NULL, NULL);
    }
    if ((name && !name_a) || (comment && !comment_a)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = create(parent, type, name_a, comment_a, iid, flags & ~MAPI_UNICODE, folder);
    free(name_a);
    free(comment_a);
    return hr;
}

/* All of a stream, and a terminating null of each width. */
static HRESULT read_stream(IStream *stream, BYTE **data, ULONG *size)
{
    ULONG capacity = 4096, read;
    BYTE *buffer = HeapAlloc(GetProcessHeap(), 0, capacity + sizeof(WCHAR)), *grown;
    HRESULT hr;

    *size = 0;
    if (!buffer) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (;;)
    {
        if (FAILED(hr = IStream_Read(stream, buffer + *size, capacity - *size, &read))) break;
        if (!read) break;
        *size += read;
        if (*size < capacity) continue;
        if (capacity > 0x3fffffff || !(grown = HeapReAlloc(GetProcessHeap(), 0, buffer, capacity * 2 + sizeof(WCHAR))))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        buffer = grown;
        capacity *= 2;
    }
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, buffer);
        return hr;
    }
    memset(buffer + *size, 0, sizeof(WCHAR));
    *data = buffer;
    return S_OK;
}

/***********************************************************************
 *  mapi_read_text_w
 *
 * The text of a string property (tag is its PT_UNICODE form) read through
 * a stream, from its PT_STRING8 twin when the object has no Unicode one,
 * in a buffer for HeapFree.
 */
HRESULT mapi_read_text_w(IMAPIProp *object, ULONG tag, WCHAR **text)
{
    IStream *stream;
    BYTE *data;
    ULONG size;
    int len;
    HRESULT hr;

    *text = NULL;
    if (SUCCEEDED(IMAPIProp_OpenProperty(object, tag, &IID_IStream, STGM_READ, 0, (IUnknown **)&stream)))
    {
        hr = read_stream(stream, &data, &size);
        IStream_Release(stream);
        if (FAILED(hr)) return hr;
        *text = (WCHAR *)data;
        return S_OK;
    }
    if (FAILED(hr = IMAPIProp_OpenProperty(object, mapi_ansi_tag(tag), &IID_IStream, STGM_READ, 0,
                                           (IUnknown **)&stream)))
        return hr;
    TRACE("%#lx read from its ANSI twin\n", tag);
    hr = read_stream(stream, &data, &size);
    IStream_Release(stream);
    if (FAILED(hr)) return hr;
    len = MultiByteToWideChar(CP_ACP, 0, (char *)data, size, NULL, 0);
    if ((*text = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR))))
    {
        MultiByteToWideChar(CP_ACP, 0, (char *)data, size, *text, len);
        (*text)[len] = 0;
    }
    else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    HeapFree(GetProcessHeap(), 0, data);
    return hr;
}

/* Writes the bytes as the whole value of the property, through a stream; a stream that cannot commit
 * (E_NOTIMPL, STG_E_INVALIDFUNCTION) wrote straight through. */
HRESULT mapi_write_stream_prop(IMAPIProp *object, ULONG tag, const void *data, ULONG size)
{
    ULARGE_INTEGER end;
    IStream *stream;
    ULONG written;
    HRESULT hr;

    if (FAILED(hr = IMAPIProp_OpenProperty(object, tag, &IID_IStream, STGM_CREATE | STGM_READWRITE,
                                           MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream)))
        return hr;
    hr = IStream_Write(stream, data, size, &written);
    if (SUCCEEDED(hr) && written != size) hr = MAPI_E_DISK_ERROR;
    if (SUCCEEDED(hr))
    {
        end.QuadPart = size;
        IStream_SetSize(stream, end);
        hr = IStream_Commit(stream, STGC_DEFAULT);
        if (hr == E_NOTIMPL || hr == STG_E_INVALIDFUNCTION) hr = S_OK;
    }
    IStream_Release(stream);
    return hr;
}

/***********************************************************************
 *  mapi_write_text_w
 *
 * Writes the text of a string property (tag is its PT_UNICODE form,
 * length in characters, without a terminator) through a stream, as its
 * PT_STRING8 twin to an object that takes no Unicode stream.
 */
HRESULT mapi_write_text_w(IMAPIProp *object, ULONG tag, const WCHAR *text, ULONG length)
{
    char *ansi;
    int size;
    HRESULT hr;

    if (length > 0x3fffffff) return MAPI_E_TOO_BIG;
    if (SUCCEEDED(hr = mapi_write_stream_prop(object, tag, text, length * sizeof(WCHAR)))) return hr;
    TRACE("%#lx refused (%#lx): written as its ANSI twin\n", tag, hr);
    size = length ? WideCharToMultiByte(CP_ACP, 0, text, length, NULL, 0, NULL, NULL) : 0;
    if (!(ansi = malloc(max(size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (size) WideCharToMultiByte(CP_ACP, 0, text, length, ansi, size, NULL, NULL);
    hr = mapi_write_stream_prop(object, mapi_ansi_tag(tag), ansi, size);
    free(ansi);
    return hr;
}

static BOOL unicode_column_failed(const ADRLIST *list, const SPropTagArray *tags)
{
    ULONG i, j;

    for (i = 0; i < list->cEntries; i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];

        for (j = 0; j < tags->cValues && j < entry->cValues; j++)
            if (is_unicode_type(tags->aulPropTag[j]) && PROP_TYPE(entry->rgPropVals[j].ulPropTag) == PT_ERROR)
                return TRUE;
    }
    return FALSE;
}

/* A copy of each entry's values, in a block of its own. */
static HRESULT save_entries(const ADRLIST *list, SPropValue **saved, ULONG *counts)
{
    ULONG i, size;
    HRESULT hr = S_OK;

    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &list->aEntries[i];

        counts[i] = entry->cValues;
        if (SUCCEEDED(hr = mapi_props_size(entry->cValues, entry->rgPropVals, &size)) &&
            SUCCEEDED(hr = MAPIAllocateBuffer(max(size, 1), (void **)&saved[i])))
            hr = mapi_props_copy(entry->cValues, entry->rgPropVals, saved[i], NULL);
    }
    return hr;
}

/***********************************************************************
 *  mapi_prepare_recips_w
 *
 * IABLogon::PrepareRecips asking for tags some of which are PT_UNICODE:
 * an address book that answers those with PT_ERROR (it knows ANSI only)
 * is asked again, from the entries as they were, for their PT_STRING8
 * twins, which become PT_UNICODE.
 */
HRESULT mapi_prepare_recips_w(IABLogon *logon, ULONG flags, const SPropTagArray *tags, ADRLIST *list)
{
    SPropTagArray *ansi = NULL;
    SPropValue **saved;
    ULONG *counts, i, count = list->cEntries;
    HRESULT hr;

    if (!tags) return IABLogon_PrepareRecips(logon, flags, NULL, list);
    saved = calloc(max(count, 1), sizeof(*saved));
    counts = calloc(max(count, 1), sizeof(*counts));
    if (!saved || !counts) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (SUCCEEDED(hr = save_entries(list, saved, counts)) &&
             SUCCEEDED(hr = IABLogon_PrepareRecips(logon, flags, (SPropTagArray *)tags, list)) &&
             unicode_column_failed(list, tags) && SUCCEEDED(ansi_tags(tags, &ansi)))
    {
        TRACE("%p answers in ANSI: asked again for the twins\n", logon);
        for (i = 0; i < count; i++)
        {
            MAPIFreeBuffer(list->aEntries[i].rgPropVals);
            list->aEntries[i].rgPropVals = saved[i];
            list->aEntries[i].cValues = counts[i];
            saved[i] = NULL;
        }
        hr = IABLogon_PrepareRecips(logon, flags, ansi, list);
        /* The columns asked for come first in each entry. */
        for (i = 0; SUCCEEDED(hr) && i < list->cEntries; i++)
            if (list->aEntries[i].cValues >= tags->cValues)
                hr = mapi_values_to_unicode(tags->cValues, list->aEntries[i].rgPropVals,
                                            list->aEntries[i].rgPropVals, tags);
    }
    for (i = 0; saved && i < count; i++) MAPIFreeBuffer(saved[i]);
    free(saved);
    free(counts);
    MAPIFreeBuffer(ansi);
    return hr;
}
