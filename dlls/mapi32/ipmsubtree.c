/*
 * HrValidateIPMSubtree: the standard folders of an interpersonal message
 * store, made with nothing but the store's own interfaces.
 *
 * The store's root holds Folder Views, Common Views, Search Root and IPM
 * Subtree; IPM Subtree holds Inbox, Outbox, Deleted Items and Sent Items.
 * The store properties PR_VALID_FOLDER_MASK and PR_*_ENTRYID say which of
 * them exist and where; the Inbox is the store's default receive folder.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* How the returned array names the Inbox, which has no store property */
#define PR_IPM_INBOX_PLACEHOLDER PROP_TAG(PT_BINARY, PROP_ID_NULL)

enum ipm_folder_index
{
    FOLDER_VIEWS,
    FOLDER_COMMON_VIEWS,
    FOLDER_SEARCH_ROOT,
    FOLDER_IPM_SUBTREE,
    FOLDER_INBOX,
    FOLDER_OUTBOX,
    FOLDER_DELETED_ITEMS,
    FOLDER_SENT_ITEMS,
    FOLDER_COUNT
};

static const struct ipm_folder
{
    const char *name;
    ULONG tag;          /* the store property with its entry identifier */
    ULONG valid;        /* its PR_VALID_FOLDER_MASK bit */
    BOOL in_subtree;    /* in IPM Subtree rather than in the root */
    BOOL always;        /* made even without MAPI_FULL_IPM_TREE */
}
ipm_folders[FOLDER_COUNT] =
{
    [FOLDER_VIEWS]         = { "Folder Views",  PR_VIEWS_ENTRYID,           FOLDER_VIEWS_VALID,           FALSE, FALSE },
    [FOLDER_COMMON_VIEWS]  = { "Common Views",  PR_COMMON_VIEWS_ENTRYID,    FOLDER_COMMON_VIEWS_VALID,    FALSE, FALSE },
    [FOLDER_SEARCH_ROOT]   = { "Search Root",   PR_FINDER_ENTRYID,          FOLDER_FINDER_VALID,          FALSE, TRUE },
    [FOLDER_IPM_SUBTREE]   = { "IPM Subtree",   PR_IPM_SUBTREE_ENTRYID,     FOLDER_IPM_SUBTREE_VALID,     FALSE, TRUE },
    [FOLDER_INBOX]         = { "Inbox",         PR_IPM_INBOX_PLACEHOLDER,   FOLDER_IPM_INBOX_VALID,       TRUE,  FALSE },
    [FOLDER_OUTBOX]        = { "Outbox",        PR_IPM_OUTBOX_ENTRYID,      FOLDER_IPM_OUTBOX_VALID,      TRUE,  FALSE },
    [FOLDER_DELETED_ITEMS] = { "Deleted Items", PR_IPM_WASTEBASKET_ENTRYID, FOLDER_IPM_WASTEBASKET_VALID, TRUE,  TRUE },
    [FOLDER_SENT_ITEMS]    = { "Sent Items",    PR_IPM_SENTMAIL_ENTRYID,    FOLDER_IPM_SENTMAIL_VALID,    TRUE,  FALSE },
};

struct ipm_state
{
    IMsgStore *store;
    ULONG mask;                     /* PR_VALID_FOLDER_MASK */
    SBinary ids[FOLDER_COUNT];      /* from MAPIAllocateBuffer */
    ULONG made;                     /* valid bits of the folders made or repaired now */
    IMAPIFolder *parents[2];        /* the root and IPM Subtree, once opened */
};

static void set_id(struct ipm_state *state, unsigned int folder, ULONG size, const void *data)
{
    void *copy;

    MAPIFreeBuffer(state->ids[folder].lpb);
    state->ids[folder].cb = 0;
    state->ids[folder].lpb = NULL;
    if (!size || MAPIAllocateBuffer(size, &copy)) return;
    memcpy(copy, data, size);
    state->ids[folder].cb = size;
    state->ids[folder].lpb = copy;
}

/* What the store says of its folders now */
static void read_store(struct ipm_state *state)
{
    SizedSPropTagArray(FOLDER_COUNT, tags);
    SPropValue *props = NULL;
    ENTRYID *inbox = NULL;
    ULONG count, size = 0, i, n = 0;
    char *class = NULL;

    tags.aulPropTag[n++] = PR_VALID_FOLDER_MASK;
    for (i = 0; i < FOLDER_COUNT; i++)
        if (i != FOLDER_INBOX) tags.aulPropTag[n++] = ipm_folders[i].tag;
    tags.cValues = n;

    if (SUCCEEDED(state->store->lpVtbl->GetProps(state->store, (SPropTagArray *)&tags, 0, &count, &props)))
    {
        for (n = 0; n < count; n++)
        {
            if (props[n].ulPropTag == PR_VALID_FOLDER_MASK) state->mask = props[n].Value.l;
            for (i = 0; i < FOLDER_COUNT; i++)
                if (i != FOLDER_INBOX && props[n].ulPropTag == ipm_folders[i].tag)
                    set_id(state, i, props[n].Value.bin.cb, props[n].Value.bin.lpb);
        }
        MAPIFreeBuffer(props);
    }

    /* the Inbox is the default receive folder */
    if (SUCCEEDED(state->store->lpVtbl->GetReceiveFolder(state->store, NULL, 0, &size, &inbox, &class)))
        set_id(state, FOLDER_INBOX, size, inbox);
    MAPIFreeBuffer(inbox);
    MAPIFreeBuffer(class);
    TRACE("PR_VALID_FOLDER_MASK %#lx\n", state->mask);
}

static HRESULT open_folder(IMsgStore *store, const SBinary *id, ULONG flags, IMAPIFolder **folder)
{
    ULONG type;
    HRESULT hr;

    hr = store->lpVtbl->OpenEntry(store, id->cb, (ENTRYID *)id->lpb, &IID_IMAPIFolder, flags,
                                  &type, (IUnknown **)folder);
    if (SUCCEEDED(hr) && type != MAPI_FOLDER)
    {
        WARN("entry %p is not a folder but type %lu\n", id->lpb, type);
        (*folder)->lpVtbl->Release(*folder);
        *folder = NULL;
        hr = MAPI_E_NOT_FOUND;
    }
    return hr;
}

static HRESULT folder_entry_id(IMAPIFolder *folder, struct ipm_state *state, unsigned int index)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_ENTRYID } };
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    hr = folder->lpVtbl->GetProps(folder, (SPropTagArray *)&tags, 0, &count, &props);
    if (FAILED(hr)) return hr;
    if (hr != S_OK || PROP_TYPE(props[0].ulPropTag) != PT_BINARY || !props[0].Value.bin.cb)
        hr = MAPI_E_CORRUPT_STORE;
    else
    {
        set_id(state, index, props[0].Value.bin.cb, props[0].Value.bin.lpb);
        if (!state->ids[index].cb) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    MAPIFreeBuffer(props);
    return hr;
}

/* The entry identifier of an existing child folder called name, from the
 * hierarchy table, for stores that do not know OPEN_IF_EXISTS */
static HRESULT find_child(IMAPIFolder *parent, const char *name, struct ipm_state *state, unsigned int index)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    IMAPITable *table;
    BOOL found = FALSE;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    hr = parent->lpVtbl->GetHierarchyTable(parent, 0, &table);
    if (FAILED(hr)) return hr;
    hr = table->lpVtbl->SetColumns(table, (SPropTagArray *)&columns, 0);
    while (SUCCEEDED(hr))
    {
        if (FAILED(hr = table->lpVtbl->QueryRows(table, 32, 0, &rows))) break;
        if (!rows->cRows)
        {
            FreeProws(rows);
            hr = MAPI_E_NOT_FOUND;
            break;
        }
        for (i = 0; i < rows->cRows && !found; i++)
        {
            const SPropValue *props = rows->aRow[i].lpProps;

            if (rows->aRow[i].cValues < 2 || props[0].ulPropTag != PR_DISPLAY_NAME_A ||
                props[1].ulPropTag != PR_ENTRYID || lstrcmpiA(props[0].Value.lpszA, name))
                continue;
            set_id(state, index, props[1].Value.bin.cb, props[1].Value.bin.lpb);
            if (!state->ids[index].cb) hr = MAPI_E_NOT_ENOUGH_MEMORY;
            found = TRUE;
        }
        FreeProws(rows);
        if (found) break;
    }
    table->lpVtbl->Release(table);
    return hr;
}

/* Wine's mapidefs.h declares the last parameter as LPMAPIFOLDER; it is the
 * SDK's LPMAPIFOLDER *, where the new folder is returned. */
static HRESULT create_folder(IMAPIFolder *parent, const char *name, ULONG flags, IMAPIFolder **folder)
{
    return parent->lpVtbl->CreateFolder(parent, FOLDER_GENERIC, (char *)name, NULL, NULL, flags,
                                        (IMAPIFolder *)folder);
}

static HRESULT make_folder(struct ipm_state *state, unsigned int index)
{
    const struct ipm_folder *info = &ipm_folders[index];
    IMAPIFolder *parent = state->parents[info->in_subtree], *folder;
    HRESULT hr;

    TRACE("making %s\n", debugstr_a(info->name));

    hr = create_folder(parent, info->name, OPEN_IF_EXISTS, &folder);
    if (hr == MAPI_E_UNKNOWN_FLAGS || hr == MAPI_E_NO_SUPPORT)
        hr = create_folder(parent, info->name, 0, &folder);
    if (hr == MAPI_E_COLLISION)
        hr = find_child(parent, info->name, state, index);
    else if (SUCCEEDED(hr))
    {
        hr = folder_entry_id(folder, state, index);
        folder->lpVtbl->Release(folder);
    }
    if (FAILED(hr))
    {
        WARN("cannot make %s: %#lx\n", debugstr_a(info->name), hr);
        return hr;
    }

    state->mask |= info->valid;
    state->made |= info->valid;
    if (index == FOLDER_INBOX)
    {
        hr = state->store->lpVtbl->SetReceiveFolder(state->store, NULL, 0, state->ids[index].cb,
                                                    (ENTRYID *)state->ids[index].lpb);
        if (FAILED(hr)) WARN("cannot make the Inbox the receive folder: %#lx\n", hr);
    }
    return S_OK;
}

/* Whether a folder the store lists exists; only checked when asked to */
static BOOL folder_is_valid(struct ipm_state *state, unsigned int index, BOOL verify)
{
    IMAPIFolder *folder;

    if (!(state->mask & ipm_folders[index].valid) || !state->ids[index].cb) return FALSE;
    if (!verify) return TRUE;
    if (FAILED(open_folder(state->store, &state->ids[index], 0, &folder)))
    {
        WARN("%s is gone\n", debugstr_a(ipm_folders[index].name));
        return FALSE;
    }
    folder->lpVtbl->Release(folder);
    return TRUE;
}

static HRESULT open_parent(struct ipm_state *state, BOOL subtree)
{
    static const SBinary root = { 0, NULL };

    if (state->parents[subtree]) return S_OK;
    return open_folder(state->store, subtree ? &state->ids[FOLDER_IPM_SUBTREE] : &root, MAPI_MODIFY,
                       &state->parents[subtree]);
}

/* Writes the mask and the entry identifiers to the store */
static void write_store(struct ipm_state *state)
{
    SPropValue props[FOLDER_COUNT];
    SPropProblemArray *problems = NULL;
    ULONG i, n = 0;
    HRESULT hr;

    props[n].ulPropTag = PR_VALID_FOLDER_MASK;
    props[n++].Value.l = state->mask;
    for (i = 0; i < FOLDER_COUNT; i++)
    {
        if (i == FOLDER_INBOX || !(state->mask & ipm_folders[i].valid)) continue;
        props[n].ulPropTag = ipm_folders[i].tag;
        props[n++].Value.bin = state->ids[i];
    }

    hr = state->store->lpVtbl->SetProps(state->store, n, props, &problems);
    if (FAILED(hr)) WARN("cannot set the store's folder properties: %#lx\n", hr);
    else if (problems) WARN("%lu of the store's folder properties not set\n", problems->cProblem);
    MAPIFreeBuffer(problems);
    hr = state->store->lpVtbl->SaveChanges(state->store, KEEP_OPEN_READWRITE);
    if (FAILED(hr)) TRACE("SaveChanges: %#lx\n", hr);
}

/* PR_VALID_FOLDER_MASK and the entry identifier of each valid folder */
static HRESULT make_values(struct ipm_state *state, ULONG *count, SPropValue **values)
{
    SPropValue *props;
    ULONG i, n = 0, size = 0;
    BYTE *data;

    for (i = 0; i < FOLDER_COUNT; i++) size += state->ids[i].cb;
    if (MAPIAllocateBuffer((FOLDER_COUNT + 1) * sizeof(*props) + size, (void **)&props))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    data = (BYTE *)(props + FOLDER_COUNT + 1);

    props[n].ulPropTag = PR_VALID_FOLDER_MASK;
    props[n].dwAlignPad = 0;
    props[n++].Value.l = state->mask;
    for (i = 0; i < FOLDER_COUNT; i++)
    {
        if (!(state->mask & ipm_folders[i].valid) || !state->ids[i].cb) continue;
        /* the Inbox only when it was made now */
        if (i == FOLDER_INBOX && !(state->made & ipm_folders[i].valid)) continue;
        props[n].ulPropTag = ipm_folders[i].tag;
        props[n].dwAlignPad = 0;
        props[n].Value.bin.cb = state->ids[i].cb;
        props[n].Value.bin.lpb = data;
        memcpy(data, state->ids[i].lpb, state->ids[i].cb);
        data += state->ids[i].cb;
        n++;
    }
    *count = n;
    *values = props;
    return S_OK;
}

/***********************************************************************
 *  HrValidateIPMSubtree@20 (MAPI32.195)
 *
 * Makes sure a message store has the standard IPM folders.
 *
 * PARAMS
 *  store  [I] The message store.
 *  flags  [I] MAPI_FULL_IPM_TREE: all the folders, not only Search Root,
 *             IPM Subtree and Deleted Items; MAPI_FORCE_CREATE: check the
 *             folders the store lists as valid, and make again those gone.
 *  count  [O] The number of values in *values; may be NULL if values is.
 *  values [O] PR_VALID_FOLDER_MASK and the entry identifiers of the valid
 *             folders (an Inbox made now as PROP_TAG(PT_BINARY, PROP_ID_NULL)),
 *             from MAPIAllocateBuffer; may be NULL.
 *  error  [O] Set to NULL: no MAPIERROR is returned. May be NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, or the error of
 *           the store that kept a folder from being made.
 *
 * NOTES
 *  Folders are made with IMAPIFolder::CreateFolder and OPEN_IF_EXISTS, so a
 *  folder of the same name is used rather than doubled; for a store that
 *  refuses the flag, an existing folder is found in the hierarchy table. The
 *  store's PR_VALID_FOLDER_MASK and PR_*_ENTRYID are set, and the Inbox is
 *  made the default receive folder. Without MAPI_FORCE_CREATE the store's
 *  word that a folder is valid is taken.
 */
HRESULT WINAPI HrValidateIPMSubtree(LPMDB store, ULONG flags, ULONG *count, LPSPropValue *values,
                                    LPMAPIERROR *error)
{
    struct ipm_state state = { store };
    HRESULT hr = S_OK;
    unsigned int i;

    TRACE("(%p,%#lx,%p,%p,%p)\n", store, flags, count, values, error);

    if (error) *error = NULL;
    if (!store || (values && !count))
    {
        WARN("no store, or no count for the values\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (flags & ~(MAPI_FORCE_CREATE | MAPI_FULL_IPM_TREE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    read_store(&state);
    for (i = 0; i < FOLDER_COUNT; i++)
    {
        /* what the store lists is not in an IPM Subtree made now */
        BOOL new_parent = ipm_folders[i].in_subtree && (state.made & FOLDER_IPM_SUBTREE_VALID);

        if (!ipm_folders[i].always && !(flags & MAPI_FULL_IPM_TREE)) continue;
        if (!new_parent && folder_is_valid(&state, i, flags & MAPI_FORCE_CREATE)) continue;

        state.mask &= ~ipm_folders[i].valid;
        if (FAILED(hr = open_parent(&state, ipm_folders[i].in_subtree)))
        {
            WARN("cannot open the parent of %s: %#lx\n", debugstr_a(ipm_folders[i].name), hr);
            break;
        }
        if (FAILED(hr = make_folder(&state, i))) break;
    }

    if (SUCCEEDED(hr) && state.made) write_store(&state);
    if (SUCCEEDED(hr) && values) hr = make_values(&state, count, values);

    for (i = 0; i < ARRAY_SIZE(state.parents); i++)
        if (state.parents[i]) state.parents[i]->lpVtbl->Release(state.parents[i]);
    for (i = 0; i < FOLDER_COUNT; i++) MAPIFreeBuffer(state.ids[i].lpb);
    return hr;
}
