/*
 * HrValidateIPMSubtree against a small message store of the test's own:
 * folders made where the reference page puts them, the store's
 * PR_VALID_FOLDER_MASK and PR_*_ENTRYID set and returned, the Inbox as
 * receive folder, nothing made twice, MAPI_FORCE_CREATE repairs, and stores
 * that refuse OPEN_IF_EXISTS.
 */

#include "mapi32_test.h"
#include "mapiutil_sdk.h"

#define PR_INBOX_PLACEHOLDER PROP_TAG(PT_BINARY, PROP_ID_NULL)

/* ---- the fake store ---- */

#define MAX_NODES 32

struct node
{
    char name[64];
    int parent;         /* index, -1 for the root */
    BOOL deleted;
};

struct fake_store
{
    IMsgStore IMsgStore_iface;
    struct node nodes[MAX_NODES];
    int node_count;
    /* store properties */
    BOOL has_mask;
    ULONG mask;
    struct { ULONG tag; BYTE id[8]; BOOL set; } ids[7];
    BOOL has_inbox;
    BYTE inbox[8];
    /* behaviour */
    BOOL no_open_if_exists;
    HRESULT create_error;
    /* what was asked of it */
    int create_calls, set_props_calls, receive_folder_calls;
};

struct fake_folder
{
    IMAPIFolder IMAPIFolder_iface;
    LONG ref;
    struct fake_store *store;
    int node;
};

struct fake_table
{
    IMAPITable IMAPITable_iface;
    LONG ref;
    struct fake_store *store;
    int parent, position;
};

static const ULONG store_id_tags[7] =
{
    PR_VIEWS_ENTRYID, PR_COMMON_VIEWS_ENTRYID, PR_FINDER_ENTRYID, PR_IPM_SUBTREE_ENTRYID,
    PR_IPM_OUTBOX_ENTRYID, PR_IPM_WASTEBASKET_ENTRYID, PR_IPM_SENTMAIL_ENTRYID,
};

/* An entry identifier: four flag bytes and the node's index */
static void make_id(int node, BYTE id[8])
{
    memset(id, 0, 8);
    memcpy(id + 4, &node, sizeof(node));
}

static int node_of_id(struct fake_store *store, ULONG size, const void *id)
{
    int node, i;

    if (size != 8) return -1;
    memcpy(&node, (const BYTE *)id + 4, sizeof(node));
    if (node < 0 || node >= store->node_count) return -1;
    /* a folder goes with its parent */
    for (i = node; i >= 0; i = store->nodes[i].parent)
        if (store->nodes[i].deleted) return -1;
    return node;
}

static int add_node(struct fake_store *store, int parent, const char *name)
{
    int node = store->node_count++;

    assert_true(node < MAX_NODES);
    lstrcpynA(store->nodes[node].name, name, sizeof(store->nodes[node].name));
    store->nodes[node].parent = parent;
    store->nodes[node].deleted = FALSE;
    return node;
}

/* The live child of parent called name, or -1 */
static int find_node(struct fake_store *store, int parent, const char *name)
{
    int i;

    for (i = 0; i < store->node_count; i++)
        if (!store->nodes[i].deleted && store->nodes[i].parent == parent && !lstrcmpiA(store->nodes[i].name, name))
            return i;
    return -1;
}

static int count_children(struct fake_store *store, int parent)
{
    int i, count = 0;

    for (i = 0; i < store->node_count; i++)
        if (!store->nodes[i].deleted && store->nodes[i].parent == parent) count++;
    return count;
}

static SPropValue *binary_prop(SPropValue *props, ULONG tag, const BYTE *id, void *parent)
{
    void *copy;

    props->ulPropTag = tag;
    MAPIAllocateMore(8, parent, &copy);
    memcpy(copy, id, 8);
    props->Value.bin.cb = 8;
    props->Value.bin.lpb = copy;
    return props;
}

/* IMAPITable: the hierarchy table, PR_DISPLAY_NAME_A and PR_ENTRYID of the live children */
static struct fake_table *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct fake_table, IMAPITable_iface);
}

static HRESULT WINAPI table_QueryInterface(IMAPITable *iface, REFIID riid, void **obj)
{
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI table_AddRef(IMAPITable *iface)
{
    return InterlockedIncrement(&impl_from_IMAPITable(iface)->ref);
}

static ULONG WINAPI table_Release(IMAPITable *iface)
{
    struct fake_table *table = impl_from_IMAPITable(iface);
    LONG ref = InterlockedDecrement(&table->ref);

    if (!ref) free(table);
    return ref;
}

static HRESULT WINAPI table_SetColumns(IMAPITable *iface, LPSPropTagArray columns, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI table_QueryRows(IMAPITable *iface, LONG count, ULONG flags, LPSRowSet *rows)
{
    struct fake_table *table = impl_from_IMAPITable(iface);
    struct fake_store *store = table->store;
    SRowSet *set;
    int n = 0;

    MAPIAllocateBuffer(offsetof(SRowSet, aRow[MAX_NODES]), (void **)&set);
    for (; table->position < store->node_count && n < count; table->position++)
    {
        struct node *node = &store->nodes[table->position];
        SPropValue *props;
        BYTE id[8];

        if (node->deleted || node->parent != table->parent) continue;
        MAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&props);
        props[0].ulPropTag = PR_DISPLAY_NAME_A;
        MAPIAllocateMore(strlen(node->name) + 1, props, (void **)&props[0].Value.lpszA);
        strcpy(props[0].Value.lpszA, node->name);
        make_id(table->position, id);
        binary_prop(&props[1], PR_ENTRYID, id, props);
        set->aRow[n].ulAdrEntryPad = 0;
        set->aRow[n].cValues = 2;
        set->aRow[n].lpProps = props;
        n++;
    }
    set->cRows = n;
    *rows = set;
    return S_OK;
}

static IMAPITableVtbl table_vtbl =
{
    .QueryInterface = table_QueryInterface,
    .AddRef = table_AddRef,
    .Release = table_Release,
    .SetColumns = table_SetColumns,
    .QueryRows = table_QueryRows,
};

/* IMAPIFolder */
static struct fake_folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, struct fake_folder, IMAPIFolder_iface);
}

static IMAPIFolder *new_folder(struct fake_store *store, int node);

static HRESULT WINAPI folder_QueryInterface(IMAPIFolder *iface, REFIID riid, void **obj)
{
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI folder_AddRef(IMAPIFolder *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIFolder(iface)->ref);
}

static ULONG WINAPI folder_Release(IMAPIFolder *iface)
{
    struct fake_folder *folder = impl_from_IMAPIFolder(iface);
    LONG ref = InterlockedDecrement(&folder->ref);

    if (!ref) free(folder);
    return ref;
}

static HRESULT WINAPI folder_GetProps(IMAPIFolder *iface, LPSPropTagArray tags, ULONG flags,
                                      ULONG *count, LPSPropValue *values)
{
    struct fake_folder *folder = impl_from_IMAPIFolder(iface);
    SPropValue *props;
    BYTE id[8];

    assert_non_null(tags);
    assert_int_equal(tags->cValues, 1);
    assert_int_equal(tags->aulPropTag[0], PR_ENTRYID);
    MAPIAllocateBuffer(sizeof(*props), (void **)&props);
    make_id(folder->node, id);
    binary_prop(props, PR_ENTRYID, id, props);
    *count = 1;
    *values = props;
    return S_OK;
}

static HRESULT WINAPI folder_GetHierarchyTable(IMAPIFolder *iface, ULONG flags, LPMAPITABLE *result)
{
    struct fake_folder *folder = impl_from_IMAPIFolder(iface);
    struct fake_table *table = calloc(1, sizeof(*table));

    table->IMAPITable_iface.lpVtbl = &table_vtbl;
    table->ref = 1;
    table->store = folder->store;
    table->parent = folder->node;
    *result = &table->IMAPITable_iface;
    return S_OK;
}

/* Wine's header types the last parameter LPMAPIFOLDER: it is LPMAPIFOLDER * */
static HRESULT WINAPI folder_CreateFolder(IMAPIFolder *iface, ULONG type, LPSTR name, LPSTR comment,
                                          LPCIID iid, ULONG flags, LPMAPIFOLDER result)
{
    struct fake_folder *folder = impl_from_IMAPIFolder(iface);
    struct fake_store *store = folder->store;
    IMAPIFolder **out = (IMAPIFolder **)result;
    int node;

    store->create_calls++;
    assert_int_equal(type, FOLDER_GENERIC);
    if (store->create_error) return store->create_error;
    if (store->no_open_if_exists && (flags & OPEN_IF_EXISTS)) return MAPI_E_UNKNOWN_FLAGS;

    if ((node = find_node(store, folder->node, name)) >= 0)
    {
        if (!(flags & OPEN_IF_EXISTS)) return MAPI_E_COLLISION;
    }
    else node = add_node(store, folder->node, name);
    *out = new_folder(store, node);
    return S_OK;
}

static IMAPIFolderVtbl folder_vtbl =
{
    .QueryInterface = folder_QueryInterface,
    .AddRef = folder_AddRef,
    .Release = folder_Release,
    .GetProps = folder_GetProps,
    .GetHierarchyTable = folder_GetHierarchyTable,
    .CreateFolder = folder_CreateFolder,
};

static IMAPIFolder *new_folder(struct fake_store *store, int node)
{
    struct fake_folder *folder = calloc(1, sizeof(*folder));

    folder->IMAPIFolder_iface.lpVtbl = &folder_vtbl;
    folder->ref = 1;
    folder->store = store;
    folder->node = node;
    return &folder->IMAPIFolder_iface;
}

/* IMsgStore */
static struct fake_store *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, struct fake_store, IMsgStore_iface);
}

static HRESULT WINAPI store_QueryInterface(IMsgStore *iface, REFIID riid, void **obj)
{
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI store_AddRef(IMsgStore *iface)
{
    return 2;
}

static ULONG WINAPI store_Release(IMsgStore *iface)
{
    return 1;
}

static HRESULT WINAPI store_SaveChanges(IMsgStore *iface, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI store_GetProps(IMsgStore *iface, LPSPropTagArray tags, ULONG flags,
                                     ULONG *count, LPSPropValue *values)
{
    struct fake_store *store = impl_from_IMsgStore(iface);
    SPropValue *props;
    HRESULT hr = S_OK;
    ULONG i, j;

    MAPIAllocateBuffer(tags->cValues * sizeof(*props), (void **)&props);
    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        props[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        props[i].Value.err = MAPI_E_NOT_FOUND;
        if (tag == PR_VALID_FOLDER_MASK && store->has_mask)
        {
            props[i].ulPropTag = tag;
            props[i].Value.l = store->mask;
        }
        for (j = 0; j < ARRAY_SIZE(store->ids); j++)
            if (tag == store->ids[j].tag && store->ids[j].set) binary_prop(&props[i], tag, store->ids[j].id, props);
        if (PROP_TYPE(props[i].ulPropTag) == PT_ERROR) hr = MAPI_W_ERRORS_RETURNED;
    }
    *count = tags->cValues;
    *values = props;
    return hr;
}

static HRESULT WINAPI store_SetProps(IMsgStore *iface, ULONG count, LPSPropValue props, LPSPropProblemArray *problems)
{
    struct fake_store *store = impl_from_IMsgStore(iface);
    ULONG i, j;

    store->set_props_calls++;
    for (i = 0; i < count; i++)
    {
        if (props[i].ulPropTag == PR_VALID_FOLDER_MASK)
        {
            store->has_mask = TRUE;
            store->mask = props[i].Value.l;
            continue;
        }
        for (j = 0; j < ARRAY_SIZE(store->ids); j++)
        {
            if (props[i].ulPropTag != store->ids[j].tag) continue;
            assert_int_equal(props[i].Value.bin.cb, 8);
            memcpy(store->ids[j].id, props[i].Value.bin.lpb, 8);
            store->ids[j].set = TRUE;
            break;
        }
        assert_true(j < ARRAY_SIZE(store->ids));
    }
    if (problems) *problems = NULL;
    return S_OK;
}

static HRESULT WINAPI store_OpenEntry(IMsgStore *iface, ULONG size, LPENTRYID id, LPCIID iid, ULONG flags,
                                      ULONG *type, IUnknown **unk)
{
    struct fake_store *store = impl_from_IMsgStore(iface);
    int node = size ? node_of_id(store, size, id) : 0;

    if (node < 0) return MAPI_E_NOT_FOUND;
    *type = MAPI_FOLDER;
    *unk = (IUnknown *)new_folder(store, node);
    return S_OK;
}

static HRESULT WINAPI store_SetReceiveFolder(IMsgStore *iface, LPSTR class, ULONG flags, ULONG size, LPENTRYID id)
{
    struct fake_store *store = impl_from_IMsgStore(iface);

    store->receive_folder_calls++;
    assert_true(!class || !*class);
    assert_int_equal(size, 8);
    memcpy(store->inbox, id, 8);
    store->has_inbox = TRUE;
    return S_OK;
}

static HRESULT WINAPI store_GetReceiveFolder(IMsgStore *iface, LPSTR class, ULONG flags, ULONG *size,
                                             LPENTRYID *id, LPSTR *explicit_class)
{
    struct fake_store *store = impl_from_IMsgStore(iface);

    if (!store->has_inbox) return MAPI_E_NOT_FOUND;
    MAPIAllocateBuffer(8, (void **)id);
    memcpy(*id, store->inbox, 8);
    *size = 8;
    if (explicit_class) *explicit_class = NULL;
    return S_OK;
}

static IMsgStoreVtbl store_vtbl =
{
    .QueryInterface = store_QueryInterface,
    .AddRef = store_AddRef,
    .Release = store_Release,
    .SaveChanges = store_SaveChanges,
    .GetProps = store_GetProps,
    .SetProps = store_SetProps,
    .OpenEntry = store_OpenEntry,
    .SetReceiveFolder = store_SetReceiveFolder,
    .GetReceiveFolder = store_GetReceiveFolder,
};

static void init_store(struct fake_store *store)
{
    unsigned int i;

    memset(store, 0, sizeof(*store));
    store->IMsgStore_iface.lpVtbl = &store_vtbl;
    add_node(store, -1, "");
    for (i = 0; i < ARRAY_SIZE(store->ids); i++) store->ids[i].tag = store_id_tags[i];
}

/* ---- checks ---- */

/* The node a store property points to, or -1 */
static int store_folder(struct fake_store *store, ULONG tag)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(store->ids); i++)
        if (store->ids[i].tag == tag && store->ids[i].set) return node_of_id(store, 8, store->ids[i].id);
    return -1;
}

/* The node a returned value points to, -1 if not returned */
static int returned_folder(struct fake_store *store, ULONG count, const SPropValue *values, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (values[i].ulPropTag == tag) return node_of_id(store, values[i].Value.bin.cb, values[i].Value.bin.lpb);
    return -1;
}

static void check_folder(struct fake_store *store, int parent, const char *name, ULONG tag)
{
    int node = find_node(store, parent, name);

    assert_true(node > 0);
    assert_int_equal(store_folder(store, tag), node);
}

static void test_minimum_tree(void **state)
{
    struct fake_store store;
    SPropValue *values;
    MAPIERROR *error = (void *)0xdeadbeef;
    ULONG count;
    int subtree;

    init_store(&store);
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, 0, &count, &values, &error));
    assert_null(error);

    /* Search Root and IPM Subtree in the root, Deleted Items in IPM Subtree */
    assert_int_equal(count_children(&store, 0), 2);
    check_folder(&store, 0, "Search Root", PR_FINDER_ENTRYID);
    check_folder(&store, 0, "IPM Subtree", PR_IPM_SUBTREE_ENTRYID);
    subtree = find_node(&store, 0, "IPM Subtree");
    assert_int_equal(count_children(&store, subtree), 1);
    check_folder(&store, subtree, "Deleted Items", PR_IPM_WASTEBASKET_ENTRYID);
    assert_true(store.has_mask);
    assert_int_equal(store.mask, FOLDER_FINDER_VALID | FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_WASTEBASKET_VALID);
    assert_false(store.has_inbox);

    /* the mask and the three entry identifiers */
    assert_int_equal(count, 4);
    assert_int_equal(values[0].ulPropTag, PR_VALID_FOLDER_MASK);
    assert_int_equal(values[0].Value.l, store.mask);
    assert_int_equal(returned_folder(&store, count, values, PR_FINDER_ENTRYID), store_folder(&store, PR_FINDER_ENTRYID));
    assert_int_equal(returned_folder(&store, count, values, PR_IPM_SUBTREE_ENTRYID), subtree);
    assert_int_equal(returned_folder(&store, count, values, PR_IPM_WASTEBASKET_ENTRYID),
                     find_node(&store, subtree, "Deleted Items"));
    MAPIFreeBuffer(values);
}

static void test_full_tree(void **state)
{
    struct fake_store store;
    SPropValue *values, *again;
    ULONG count, count_again;
    int subtree, inbox, creates;

    init_store(&store);
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, &count, &values, NULL));

    assert_int_equal(count_children(&store, 0), 4);
    check_folder(&store, 0, "Folder Views", PR_VIEWS_ENTRYID);
    check_folder(&store, 0, "Common Views", PR_COMMON_VIEWS_ENTRYID);
    check_folder(&store, 0, "Search Root", PR_FINDER_ENTRYID);
    check_folder(&store, 0, "IPM Subtree", PR_IPM_SUBTREE_ENTRYID);
    subtree = find_node(&store, 0, "IPM Subtree");
    assert_int_equal(count_children(&store, subtree), 4);
    check_folder(&store, subtree, "Outbox", PR_IPM_OUTBOX_ENTRYID);
    check_folder(&store, subtree, "Deleted Items", PR_IPM_WASTEBASKET_ENTRYID);
    check_folder(&store, subtree, "Sent Items", PR_IPM_SENTMAIL_ENTRYID);
    assert_int_equal(store.mask, 0xff);

    /* the Inbox is the receive folder, and returned under the placeholder tag */
    inbox = find_node(&store, subtree, "Inbox");
    assert_true(inbox > 0);
    assert_true(store.has_inbox);
    assert_int_equal(node_of_id(&store, 8, store.inbox), inbox);
    assert_int_equal(count, 9);
    assert_int_equal(returned_folder(&store, count, values, PR_INBOX_PLACEHOLDER), inbox);
    assert_int_equal(returned_folder(&store, count, values, PR_IPM_SENTMAIL_ENTRYID),
                     find_node(&store, subtree, "Sent Items"));

    /* again: the store says all is there, nothing is made or written */
    creates = store.create_calls;
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, &count_again, &again, NULL));
    assert_int_equal(store.create_calls, creates);
    assert_int_equal(store.set_props_calls, 1);
    assert_int_equal(store.receive_folder_calls, 1);
    /* the same values, but the Inbox was not made now */
    assert_int_equal(count_again, 8);
    assert_int_equal(returned_folder(&store, count_again, again, PR_INBOX_PLACEHOLDER), -1);
    assert_int_equal(returned_folder(&store, count_again, again, PR_VIEWS_ENTRYID),
                     returned_folder(&store, count, values, PR_VIEWS_ENTRYID));
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(again);

    /* no array wanted */
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, NULL, NULL, NULL));
    /* the minimum set asked of a full store: nothing to do either */
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, 0, &count, &values, NULL));
    assert_int_equal(count, 8);
    MAPIFreeBuffer(values);
    assert_int_equal(store.create_calls, creates);
}

static void test_force_create(void **state)
{
    struct fake_store store;
    SPropValue *values;
    int subtree, outbox, sent, creates;
    ULONG count;

    init_store(&store);
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, NULL, NULL, NULL));
    subtree = find_node(&store, 0, "IPM Subtree");
    outbox = find_node(&store, subtree, "Outbox");
    sent = find_node(&store, subtree, "Sent Items");
    store.nodes[outbox].deleted = TRUE;
    creates = store.create_calls;

    /* the store's word is taken without MAPI_FORCE_CREATE */
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, NULL, NULL, NULL));
    assert_int_equal(store.create_calls, creates);
    assert_int_equal(store_folder(&store, PR_IPM_OUTBOX_ENTRYID), -1);

    /* checked with it: a new Outbox, the rest untouched */
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE | MAPI_FORCE_CREATE,
                                               &count, &values, NULL));
    assert_int_equal(store.create_calls, creates + 1);
    check_folder(&store, subtree, "Outbox", PR_IPM_OUTBOX_ENTRYID);
    assert_int_not_equal(store_folder(&store, PR_IPM_OUTBOX_ENTRYID), outbox);
    assert_int_equal(store_folder(&store, PR_IPM_SENTMAIL_ENTRYID), sent);
    assert_int_equal(store.mask, 0xff);
    assert_int_equal(returned_folder(&store, count, values, PR_IPM_OUTBOX_ENTRYID),
                     find_node(&store, subtree, "Outbox"));
    MAPIFreeBuffer(values);

    /* an IPM Subtree made again takes its folders along */
    store.nodes[subtree].deleted = TRUE;
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FORCE_CREATE, NULL, NULL, NULL));
    subtree = find_node(&store, 0, "IPM Subtree");
    check_folder(&store, 0, "IPM Subtree", PR_IPM_SUBTREE_ENTRYID);
    check_folder(&store, subtree, "Deleted Items", PR_IPM_WASTEBASKET_ENTRYID);
    assert_int_equal(count_children(&store, subtree), 1);
}

static void test_existing_folders(void **state)
{
    struct fake_store store;
    int subtree, wastebasket;

    /* folders of those names, but no store properties: used, not doubled */
    init_store(&store);
    subtree = add_node(&store, 0, "IPM Subtree");
    wastebasket = add_node(&store, subtree, "deleted items");
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, 0, NULL, NULL, NULL));
    assert_int_equal(count_children(&store, 0), 2);
    assert_int_equal(count_children(&store, subtree), 1);
    assert_int_equal(store_folder(&store, PR_IPM_SUBTREE_ENTRYID), subtree);
    assert_int_equal(store_folder(&store, PR_IPM_WASTEBASKET_ENTRYID), wastebasket);

    /* the same with a store that refuses OPEN_IF_EXISTS: found in the hierarchy table */
    init_store(&store);
    store.no_open_if_exists = TRUE;
    subtree = add_node(&store, 0, "IPM Subtree");
    add_node(&store, 0, "Other");
    wastebasket = add_node(&store, subtree, "Deleted Items");
    assert_hr_equal(S_OK, HrValidateIPMSubtree(&store.IMsgStore_iface, MAPI_FULL_IPM_TREE, NULL, NULL, NULL));
    assert_int_equal(count_children(&store, 0), 5);
    assert_int_equal(count_children(&store, subtree), 4);
    assert_int_equal(store_folder(&store, PR_IPM_SUBTREE_ENTRYID), subtree);
    assert_int_equal(store_folder(&store, PR_IPM_WASTEBASKET_ENTRYID), wastebasket);
    check_folder(&store, 0, "Folder Views", PR_VIEWS_ENTRYID);
    check_folder(&store, subtree, "Sent Items", PR_IPM_SENTMAIL_ENTRYID);
}

static void test_failures(void **state)
{
    struct fake_store store;
    SPropValue *values = (void *)0xdeadbeef;
    ULONG count;

    init_store(&store);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateIPMSubtree(NULL, 0, &count, &values, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateIPMSubtree(&store.IMsgStore_iface, 0, NULL, &values, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, HrValidateIPMSubtree(&store.IMsgStore_iface, 4, &count, &values, NULL));
    assert_int_equal(store.node_count, 1);

    /* a store that cannot make folders */
    store.create_error = MAPI_E_NO_ACCESS;
    assert_hr_equal(MAPI_E_NO_ACCESS, HrValidateIPMSubtree(&store.IMsgStore_iface, 0, &count, &values, NULL));
    assert_int_equal(store.set_props_calls, 0);
    assert_false(store.has_mask);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_minimum_tree),
        cmocka_unit_test(test_full_tree),
        cmocka_unit_test(test_force_create),
        cmocka_unit_test(test_existing_folders),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
