/*
 * What the integrated address book keeps in the profile and what it does
 * with it: the search path (PR_AB_SEARCH_PATH), the default directory
 * (PR_AB_DEFAULT_DIR) and the personal address book (PR_AB_DEFAULT_PAB), in
 * the profile's MAPI section as Windows keeps them, so that every session of
 * the profile sees them; and the resolution of names through the containers
 * of the search path.
 *
 * What is stored is checked against the merged hierarchy when it is read: a
 * container that is no longer there is left out. What was never stored has
 * the defaults the reference pages describe:
 * - PAB: the first container of the hierarchy that allows modifications;
 * - default directory: the first container with recipients that is not the
 *   PAB, else the PAB, else the root;
 * - search path: the first container that allows modifications, then every
 *   container whose PR_DISPLAY_TYPE is DT_GLOBAL; if none is, the default
 *   directory.
 */

#include "addrbook.h"
#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static HRESULT open_ab_section(struct session *session, ULONG flags, IProfSect **section)
{
    return profile_open_section(session->profile, &profile_services_uid, flags, section);
}

/* One stored value of the section, or MAPI_E_NOT_FOUND. */
static HRESULT get_stored(struct session *session, ULONG tag, SPropValue **value)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    IProfSect *section;
    ULONG count;
    HRESULT hr;

    *value = NULL;
    if (FAILED(hr = open_ab_section(session, 0, &section))) return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, value);
    IProfSect_Release(section);
    if (FAILED(hr)) return hr;
    if ((*value)->ulPropTag != tag)
    {
        MAPIFreeBuffer(*value);
        *value = NULL;
        return MAPI_E_NOT_FOUND;
    }
    return S_OK;
}

static HRESULT set_stored(struct session *session, SPropValue *value)
{
    IProfSect *section;
    HRESULT hr;

    if (FAILED(hr = open_ab_section(session, MAPI_MODIFY, &section))) return hr;
    if (SUCCEEDED(hr = IProfSect_SetProps(section, 1, value, NULL))) hr = IProfSect_SaveChanges(section, 0);
    IProfSect_Release(section);
    return hr;
}

static BOOL same_entryid(struct session *session, ULONG size1, const BYTE *entryid1, ULONG size2,
                         const BYTE *entryid2)
{
    ULONG result = FALSE;

    if (size1 == size2 && !memcmp(entryid1, entryid2, size1)) return TRUE;
    /* Entry IDs may differ in their flags yet name the same container: the provider tells, if both are
     * its own (the provider's UID follows the flags). */
    if (size1 < 4 + sizeof(MAPIUID) || size2 < 4 + sizeof(MAPIUID) ||
        memcmp(entryid1 + 4, entryid2 + 4, sizeof(MAPIUID)))
        return FALSE;
    if (FAILED(session_compare_entryids(session, size1, (ENTRYID *)entryid1, size2, (ENTRYID *)entryid2, 0,
                                        &result)))
        return FALSE;
    return result;
}

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

static ULONG row_long(const SRow *row, ULONG tag)
{
    const SPropValue *prop = row_prop(row, tag);
    return prop ? prop->Value.l : 0;
}

static const SBinary *row_entryid(const SRow *row)
{
    return &row_prop(row, PR_ENTRYID)->Value.bin;  /* every row of the hierarchy has one */
}

/* The hierarchy's row of a container, or NULL. */
static const SRow *find_container(struct session *session, const SRowSet *hierarchy, ULONG size, const BYTE *entryid)
{
    ULONG i;

    for (i = 0; i < hierarchy->cRows; i++)
    {
        const SBinary *id = row_entryid(&hierarchy->aRow[i]);
        if (same_entryid(session, size, entryid, id->cb, id->lpb)) return &hierarchy->aRow[i];
    }
    return NULL;
}

static const SRow *first_modifiable(const SRowSet *hierarchy)
{
    ULONG i;

    for (i = 0; i < hierarchy->cRows; i++)
        if (row_long(&hierarchy->aRow[i], PR_CONTAINER_FLAGS) & AB_MODIFIABLE) return &hierarchy->aRow[i];
    return NULL;
}

static const SRow *get_pab(struct session *session, const SRowSet *hierarchy)
{
    const SRow *found = NULL;
    SPropValue *stored;

    if (SUCCEEDED(get_stored(session, PR_AB_DEFAULT_PAB, &stored)))
    {
        found = find_container(session, hierarchy, stored->Value.bin.cb, stored->Value.bin.lpb);
        MAPIFreeBuffer(stored);
        if (found) return found;
    }
    return first_modifiable(hierarchy);
}

/* The default directory's row; NULL with *root TRUE for the root, NULL alone when there is none. */
static const SRow *get_default_dir(struct session *session, const SRowSet *hierarchy, BOOL *root)
{
    const SRow *found = NULL, *pab;
    SPropValue *stored;
    ULONG i;

    *root = FALSE;
    if (SUCCEEDED(get_stored(session, PR_AB_DEFAULT_DIR, &stored)))
    {
        if (abroot_is_entryid(stored->Value.bin.cb, (ENTRYID *)stored->Value.bin.lpb)) *root = TRUE;
        else found = find_container(session, hierarchy, stored->Value.bin.cb, stored->Value.bin.lpb);
        MAPIFreeBuffer(stored);
        if (found || *root) return found;
    }
    pab = get_pab(session, hierarchy);
    for (i = 0; i < hierarchy->cRows; i++)
    {
        if (&hierarchy->aRow[i] == pab) continue;
        if (row_long(&hierarchy->aRow[i], PR_CONTAINER_FLAGS) & AB_RECIPIENTS) return &hierarchy->aRow[i];
    }
    if (!pab) *root = TRUE;
    return pab;
}

static BOOL listed(const SRow **rows, ULONG count, const SRow *row)
{
    ULONG i;

    for (i = 0; i < count; i++) if (rows[i] == row) return TRUE;
    return FALSE;
}

/* The containers of the search path, as rows of the hierarchy (an array to free()). */
static HRESULT get_path_rows(struct session *session, const SRowSet *hierarchy, const SRow ***rows, ULONG *count)
{
    const SRow *row, *dir;
    SPropValue *stored;
    BOOL global = FALSE, root;
    ULONG i;

    *count = 0;
    if (!(*rows = calloc(hierarchy->cRows + 1, sizeof(**rows)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(get_stored(session, PR_AB_SEARCH_PATH, &stored)))
    {
        /* Once set, the path is what was set, less what is gone. */
        for (i = 0; i < stored->Value.MVbin.cValues; i++)
        {
            const SBinary *id = &stored->Value.MVbin.lpbin[i];

            row = find_container(session, hierarchy, id->cb, id->lpb);
            if (row && !listed(*rows, *count, row)) (*rows)[(*count)++] = row;
            else if (!row) TRACE("container %lu of the search path is gone\n", i);
        }
        MAPIFreeBuffer(stored);
        return S_OK;
    }
    if ((row = first_modifiable(hierarchy))) (*rows)[(*count)++] = row;
    for (i = 0; i < hierarchy->cRows; i++)
    {
        if (row_long(&hierarchy->aRow[i], PR_DISPLAY_TYPE) != DT_GLOBAL) continue;
        global = TRUE;
        if (!listed(*rows, *count, &hierarchy->aRow[i])) (*rows)[(*count)++] = &hierarchy->aRow[i];
    }
    if (!global && (dir = get_default_dir(session, hierarchy, &root)) && !listed(*rows, *count, dir))
        (*rows)[(*count)++] = dir;
    return S_OK;
}

HRESULT absearch_get_path(struct session *session, ULONG flags, SRowSet **path)
{
    const SRow **rows;
    SRowSet *hierarchy;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(hr = abroot_get_hierarchy(session, CONVENIENT_DEPTH | MAPI_UNICODE, &hierarchy))) return hr;
    if (FAILED(hr = get_path_rows(session, hierarchy, &rows, &count)))
    {
        FreeProws(hierarchy);
        return hr;
    }
    if (SUCCEEDED(hr = MAPIAllocateBuffer(CbNewSRowSet(count), (void **)path)))
    {
        (*path)->cRows = 0;
        for (i = 0; i < count && SUCCEEDED(hr); i++)
        {
            const SPropValue *name = row_prop(rows[i], PR_DISPLAY_NAME_W);
            SPropValue *props;

            if (FAILED(hr = MAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&props))) break;
            hr = ab_copy_prop(&props[0], row_prop(rows[i], PR_ENTRYID), FALSE, props);
            if (SUCCEEDED(hr) && name) hr = ab_copy_prop(&props[1], name, !!(flags & MAPI_UNICODE), props);
            else if (SUCCEEDED(hr))
            {
                props[1].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(PR_DISPLAY_NAME_W));
                props[1].Value.err = MAPI_E_NOT_FOUND;
            }
            if (FAILED(hr))
            {
                MAPIFreeBuffer(props);
                break;
            }
            (*path)->aRow[i].ulAdrEntryPad = 0;
            (*path)->aRow[i].cValues = 2;
            (*path)->aRow[i].lpProps = props;
            (*path)->cRows++;
        }
        if (FAILED(hr))
        {
            FreeProws(*path);
            *path = NULL;
        }
    }
    free(rows);
    FreeProws(hierarchy);
    return hr;
}

HRESULT absearch_set_path(struct session *session, const SRowSet *path)
{
    SPropValue value;
    SBinary *ids;
    ULONG i;
    HRESULT hr;

    for (i = 0; i < path->cRows; i++)
    {
        const SPropValue *id = PpropFindProp(path->aRow[i].lpProps, path->aRow[i].cValues, PR_ENTRYID);

        if (!id) return MAPI_E_MISSING_REQUIRED_COLUMN;
        /* The root holds no recipients (and resolves through the path itself). */
        if (!id->Value.bin.cb || abroot_is_entryid(id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb))
            return MAPI_E_INVALID_PARAMETER;
    }
    if (!(ids = calloc(path->cRows + 1, sizeof(*ids)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < path->cRows; i++)
        ids[i] = PpropFindProp(path->aRow[i].lpProps, path->aRow[i].cValues, PR_ENTRYID)->Value.bin;
    value.ulPropTag = PR_AB_SEARCH_PATH;
    /* A profile section keeps no empty multi-valued property: an empty path is one empty entry ID,
     * which names no container. */
    value.Value.MVbin.cValues = path->cRows ? path->cRows : 1;
    value.Value.MVbin.lpbin = ids;
    hr = set_stored(session, &value);
    free(ids);
    return hr;
}

HRESULT absearch_get_default(struct session *session, ULONG tag, ULONG *size, ENTRYID **entryid)
{
    SRowSet *hierarchy;
    const SRow *row;
    BOOL root = FALSE;
    HRESULT hr;

    *size = 0;
    *entryid = NULL;
    if (FAILED(hr = abroot_get_hierarchy(session, CONVENIENT_DEPTH | MAPI_UNICODE, &hierarchy))) return hr;
    row = tag == PR_AB_DEFAULT_PAB ? get_pab(session, hierarchy) : get_default_dir(session, hierarchy, &root);
    if (row)
    {
        const SBinary *id = row_entryid(row);

        if (SUCCEEDED(hr = MAPIAllocateBuffer(id->cb, (void **)entryid)))
        {
            memcpy(*entryid, id->lpb, id->cb);
            *size = id->cb;
        }
    }
    else if (root) hr = abroot_entryid(size, entryid);
    /* No PAB: nothing, as the reference page says. */
    FreeProws(hierarchy);
    return hr;
}

HRESULT absearch_set_default(struct session *session, ULONG tag, ULONG size, ENTRYID *entryid)
{
    SPropValue value;
    IUnknown *object;
    ULONG type;
    HRESULT hr;

    /* It must be a container. */
    if (FAILED(hr = ab_open_entry(session, size, entryid, NULL, 0, &type, &object))) return hr;
    object->lpVtbl->Release(object);
    if (type != MAPI_ABCONT) return MAPI_E_INVALID_ENTRYID;
    if (tag == PR_AB_DEFAULT_PAB && abroot_is_entryid(size, entryid)) return MAPI_E_INVALID_ENTRYID;
    value.ulPropTag = tag;
    value.Value.bin.cb = size;
    value.Value.bin.lpb = (BYTE *)entryid;
    return set_stored(session, &value);
}

/* Name resolution */

/* What a resolved entry gets by default, in Unicode; ANSI tags are made from it. */
static const ULONG default_tags[] =
{
    PR_ENTRYID, PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
    PR_SEARCH_KEY, PR_RECORD_KEY, PR_TRANSMITABLE_DISPLAY_NAME_W,
};

/* The tags in one width; an array to free(). */
static SPropTagArray *tags_in_width(const SPropTagArray *tags, BOOL unicode)
{
    SPropTagArray *copy;
    ULONG count = tags ? tags->cValues : ARRAY_SIZE(default_tags), i;

    if (!(copy = malloc(CbNewSPropTagArray(count)))) return NULL;
    copy->cValues = count;
    for (i = 0; i < count; i++)
    {
        ULONG tag = tags ? tags->aulPropTag[i] : default_tags[i];

        if (PROP_TYPE(tag) == PT_UNICODE || PROP_TYPE(tag) == PT_STRING8)
            tag = unicode ? CHANGE_PROP_TYPE(tag, PT_UNICODE) : CHANGE_PROP_TYPE(tag, PT_STRING8);
        copy->aulPropTag[i] = tag;
    }
    return copy;
}

/* The display name to look for, or NULL. */
static const SPropValue *entry_name(const ADRENTRY *entry)
{
    const SPropValue *name;

    if (!entry->rgPropVals || !entry->cValues) return NULL;
    if ((name = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_W))) return name;
    return PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_A);
}

/* The entry's values become what the container found, with what else it had (recipient type...) kept. */
static HRESULT merge_resolved(ADRENTRY *entry, ULONG count, const SPropValue *found, BOOL unicode)
{
    SPropValue *props;
    ULONG n = 0, i, j;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer((count + entry->cValues) * sizeof(SPropValue), (void **)&props))) return hr;
    for (i = 0; i < count; i++)
    {
        if (PROP_TYPE(found[i].ulPropTag) == PT_ERROR) continue;
        if (FAILED(hr = ab_copy_prop(&props[n], &found[i], unicode, props)))
        {
            MAPIFreeBuffer(props);
            return hr;
        }
        n++;
    }
    for (i = 0; i < entry->cValues; i++)
    {
        if (PROP_TYPE(entry->rgPropVals[i].ulPropTag) == PT_ERROR) continue;
        for (j = 0; j < n; j++)
            if (PROP_ID(props[j].ulPropTag) == PROP_ID(entry->rgPropVals[i].ulPropTag)) break;
        if (j < n) continue;
        if (SUCCEEDED(PropCopyMore(&props[n], &entry->rgPropVals[i], MAPIAllocateMore, props))) n++;
    }
    MAPIFreeBuffer(entry->rgPropVals);
    entry->rgPropVals = props;
    entry->cValues = n;
    return S_OK;
}

/* A list for a container: each entry still to resolve with its display name alone, the others empty,
 * so that the provider, which may replace the values it resolves, never touches the caller's. */
static HRESULT make_work_list(const ADRLIST *list, const FlagList *flag_list, BOOL unicode, ADRLIST **work,
                              FlagList **work_flags)
{
    ULONG i;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(list->cEntries), (void **)work))) return hr;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewFlagList(list->cEntries), (void **)work_flags)))
    {
        MAPIFreeBuffer(*work);
        return hr;
    }
    (*work)->cEntries = list->cEntries;
    (*work_flags)->cFlags = list->cEntries;
    for (i = 0; i < list->cEntries; i++)
    {
        const SPropValue *name = flag_list->ulFlag[i] == MAPI_UNRESOLVED ? entry_name(&list->aEntries[i]) : NULL;
        ADRENTRY *entry = &(*work)->aEntries[i];

        entry->ulReserved1 = 0;
        entry->cValues = 0;
        /* An entry with no values is one to pass over; a NULL array would be a bad ADRLIST. */
        if (FAILED(hr = MAPIAllocateBuffer(sizeof(SPropValue), (void **)&entry->rgPropVals))) break;
        (*work_flags)->ulFlag[i] = name ? MAPI_UNRESOLVED : MAPI_RESOLVED;
        if (!name) continue;
        if (FAILED(hr = ab_copy_prop(entry->rgPropVals, name, unicode, entry->rgPropVals))) break;
        entry->cValues = 1;
    }
    if (FAILED(hr))
    {
        FreePadrlist(*work);
        MAPIFreeBuffer(*work_flags);
    }
    return hr;
}

/* A container without ResolveNames: a PR_ANR restriction on its contents table, which every container
 * supports. One row resolves the name, more make it ambiguous. */
static HRESULT resolve_by_anr(IABContainer *container, const SPropTagArray *tags, BOOL unicode, ADRLIST *work,
                              FlagList *work_flags)
{
    SPropTagArray *columns = NULL;
    IMAPITable *table;
    BOOL ansi;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = mapi_open_table_w(container, MAPI_TABLE_CONTENTS, 0, &table, &ansi))) return hr;
    if (!(columns = tags_in_width(tags, !ansi)))
    {
        table->lpVtbl->Release(table);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (FAILED(hr = table->lpVtbl->SetColumns(table, columns, 0))) goto done;
    for (i = 0; i < work->cEntries; i++)
    {
        SPropValue *name = work->aEntries[i].rgPropVals, value;
        SRestriction restriction;
        SRowSet *rows = NULL;
        int pass;

        if (work_flags->ulFlag[i] != MAPI_UNRESOLVED || !name) continue;
        /* The name in Unicode first, then in ANSI for a container that knows that only. */
        for (pass = 0; pass < 2; pass++)
        {
            void *block = NULL;

            if (FAILED(hr = MAPIAllocateBuffer(sizeof(SPropValue), &block))) goto done;
            ab_copy_prop(&value, name, !pass, block);
            value.ulPropTag = PROP_TAG(PROP_TYPE(value.ulPropTag), PROP_ID(PR_ANR_W));
            restriction.rt = RES_PROPERTY;
            restriction.res.resProperty.relop = RELOP_EQ;
            restriction.res.resProperty.ulPropTag = value.ulPropTag;
            restriction.res.resProperty.lpProp = &value;
            hr = table->lpVtbl->Restrict(table, &restriction, 0);
            if (SUCCEEDED(hr)) hr = table->lpVtbl->SeekRow(table, BOOKMARK_BEGINNING, 0, NULL);
            if (SUCCEEDED(hr)) hr = table->lpVtbl->QueryRows(table, 2, 0, &rows);
            MAPIFreeBuffer(block);
            if (SUCCEEDED(hr) && rows->cRows) break;
            if (rows) FreeProws(rows);
            rows = NULL;
        }
        if (!rows) continue;
        if (rows->cRows > 1) work_flags->ulFlag[i] = MAPI_AMBIGUOUS;
        else
        {
            /* The work entry takes the row's values. */
            MAPIFreeBuffer(work->aEntries[i].rgPropVals);
            work->aEntries[i].rgPropVals = rows->aRow[0].lpProps;
            work->aEntries[i].cValues = rows->aRow[0].cValues;
            rows->aRow[0].lpProps = NULL;
            rows->aRow[0].cValues = 0;
            work_flags->ulFlag[i] = MAPI_RESOLVED;
        }
        FreeProws(rows);
    }
    hr = S_OK;
done:
    free(columns);
    table->lpVtbl->Release(table);
    return hr;
}

/* One container of the path: what it resolves goes into the caller's list. */
static HRESULT resolve_in_container(IABContainer *container, const SPropTagArray *tags, BOOL unicode,
                                    ADRLIST *list, FlagList *flag_list)
{
    SPropTagArray *asked = NULL;
    FlagList *work_flags;
    ADRLIST *work;
    BOOL width = TRUE;
    ULONG i;
    HRESULT hr;

    /* Unicode first; a container that knows ANSI only refuses MAPI_UNICODE (charwidth.c). */
    for (;;)
    {
        if (FAILED(hr = make_work_list(list, flag_list, width, &work, &work_flags))) return hr;
        if (!(asked = tags_in_width(tags, width)))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        hr = IABContainer_ResolveNames(container, asked, width ? MAPI_UNICODE : 0, work, work_flags);
        free(asked);
        if (!mapi_unicode_refused(hr) || !width) break;
        FreePadrlist(work);
        MAPIFreeBuffer(work_flags);
        width = FALSE;
    }
    if (hr == MAPI_E_NO_SUPPORT) hr = resolve_by_anr(container, tags, unicode, work, work_flags);
    for (i = 0; SUCCEEDED(hr) && i < list->cEntries; i++)
    {
        if (flag_list->ulFlag[i] != MAPI_UNRESOLVED || !entry_name(&list->aEntries[i])) continue;
        if (work_flags->ulFlag[i] == MAPI_AMBIGUOUS) flag_list->ulFlag[i] = MAPI_AMBIGUOUS;
        else if (work_flags->ulFlag[i] == MAPI_RESOLVED &&
                 PpropFindProp(work->aEntries[i].rgPropVals, work->aEntries[i].cValues, PR_ENTRYID))
        {
            hr = merge_resolved(&list->aEntries[i], work->aEntries[i].cValues, work->aEntries[i].rgPropVals,
                                unicode);
            if (SUCCEEDED(hr)) flag_list->ulFlag[i] = MAPI_RESOLVED;
        }
    }
    FreePadrlist(work);
    MAPIFreeBuffer(work_flags);
    return hr;
}

static BOOL any_unresolved(const FlagList *flag_list)
{
    ULONG i;

    for (i = 0; i < flag_list->cFlags; i++) if (flag_list->ulFlag[i] == MAPI_UNRESOLVED) return TRUE;
    return FALSE;
}

HRESULT absearch_resolve(struct session *session, const SPropTagArray *tags, ULONG flags, ADRLIST *list,
                         FlagList *flag_list)
{
    BOOL unicode = !!(flags & MAPI_UNICODE);
    const SRow **rows = NULL;
    SRowSet *hierarchy;
    ULONG count = 0, i;
    HRESULT hr;

    if (!any_unresolved(flag_list)) return S_OK;
    if (FAILED(hr = abroot_get_hierarchy(session, CONVENIENT_DEPTH | MAPI_UNICODE, &hierarchy))) return hr;
    if (FAILED(hr = get_path_rows(session, hierarchy, &rows, &count)))
    {
        FreeProws(hierarchy);
        return hr;
    }
    for (i = 0; i < count && SUCCEEDED(hr) && any_unresolved(flag_list); i++)
    {
        const SBinary *id = row_entryid(rows[i]);
        IABContainer *container;
        ULONG type;

        if (FAILED(ab_open_entry(session, id->cb, (ENTRYID *)id->lpb, &IID_IABContainer, 0, &type,
                                 (IUnknown **)&container)))
        {
            WARN("container %lu of the search path cannot be opened\n", i);
            continue;
        }
        hr = resolve_in_container(container, tags, unicode, list, flag_list);
        IABContainer_Release(container);
        /* A container that fails is passed over, as if it had found nothing. */
        if (FAILED(hr) && hr != MAPI_E_NOT_ENOUGH_MEMORY)
        {
            WARN("container %lu of the search path failed: %#lx\n", i, hr);
            hr = S_OK;
        }
    }
    free(rows);
    FreeProws(hierarchy);
    return hr;
}
