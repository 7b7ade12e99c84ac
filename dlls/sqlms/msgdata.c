/*
 * A message's data in memory: its values, recipients and attachments, as the
 * IMessage, its IAttach objects and their embedded messages change them until
 * SaveChanges; and the bytes an embedded message is kept as inside its
 * attachment.
 */

#include "sqlms_private.h"
#include "msgdata.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define EMBEDDED_MAGIC 0x47534d45 /* "EMSG" */

static IPropData *new_bag(void)
{
    IPropData *bag;

    if (FAILED(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &bag)))
        return NULL;
    return bag;
}

struct msg_data *msgdata_create(void)
{
    struct msg_data *data = heap_alloc_zero(sizeof(*data));

    if (!data) return NULL;
    if (!(data->props = new_bag()))
    {
        heap_free(data);
        return NULL;
    }
    data->next_rowid = 1;
    return data;
}

struct attach_data *attachdata_create(void)
{
    struct attach_data *data = heap_alloc_zero(sizeof(*data));

    if (!data) return NULL;
    if (!(data->props = new_bag()))
    {
        heap_free(data);
        return NULL;
    }
    return data;
}

void attachdata_free(struct attach_data *data)
{
    if (!data) return;
    if (data->props) IPropData_Release(data->props);
    msgdata_free(data->embedded);
    heap_free(data);
}

void attach_entry_clear(struct attach_entry *entry)
{
    MAPIFreeBuffer(entry->summary);
    attachdata_free(entry->data);
    memset(entry, 0, sizeof(*entry));
}

void msgdata_free(struct msg_data *data)
{
    ULONG i;

    if (!data) return;
    if (data->props) IPropData_Release(data->props);
    for (i = 0; i < data->recip_count; i++) MAPIFreeBuffer(data->recips[i].lpProps);
    heap_free(data->recips);
    for (i = 0; i < data->attach_count; i++) attach_entry_clear(&data->attachs[i]);
    heap_free(data->attachs);
    heap_free(data->deleted_nums);
    heap_free(data);
}

static HRESULT copy_bag(IPropData *src, IPropData *dst)
{
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr;

    if (FAILED(hr = IPropData_GetProps(src, NULL, MAPI_UNICODE, &count, &values))) return hr;
    hr = count ? IPropData_SetProps(dst, count, values, NULL) : S_OK;
    MAPIFreeBuffer(values);
    return FAILED(hr) ? hr : S_OK;
}

HRESULT attachdata_copy(const struct attach_data *src, struct attach_data **dst)
{
    struct attach_data *copy;
    HRESULT hr;

    if (!(copy = attachdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = copy_bag(src->props, copy->props)) ||
        (src->embedded && FAILED(hr = msgdata_copy(src->embedded, &copy->embedded))))
    {
        attachdata_free(copy);
        return hr;
    }
    *dst = copy;
    return S_OK;
}

HRESULT row_dup(const SRow *src, SRow *dst)
{
    ULONG size;
    SCODE sc;

    dst->ulAdrEntryPad = 0;
    dst->cValues = src->cValues;
    dst->lpProps = NULL;
    if (FAILED(sc = ScCountProps(src->cValues, src->lpProps, &size))) return sc;
    if (FAILED(sc = MAPIAllocateBuffer(size, (void **)&dst->lpProps))) return sc;
    return ScCopyProps(src->cValues, src->lpProps, dst->lpProps, NULL);
}

BOOL msgdata_add_recip(struct msg_data *data, const SRow *row)
{
    if (data->recip_count == data->recip_capacity)
    {
        ULONG capacity = max(8, data->recip_capacity * 2);
        SRow *rows = heap_realloc(data->recips, capacity * sizeof(*rows));

        if (!rows) return FALSE;
        data->recips = rows;
        data->recip_capacity = capacity;
    }
    data->recips[data->recip_count++] = *row;
    return TRUE;
}

struct attach_entry *msgdata_add_attach(struct msg_data *data)
{
    struct attach_entry *entry;

    if (data->attach_count == data->attach_capacity)
    {
        ULONG capacity = max(4, data->attach_capacity * 2);
        struct attach_entry *entries = heap_realloc(data->attachs, capacity * sizeof(*entries));

        if (!entries) return NULL;
        data->attachs = entries;
        data->attach_capacity = capacity;
    }
    entry = &data->attachs[data->attach_count++];
    memset(entry, 0, sizeof(*entry));
    return entry;
}

struct attach_entry *msgdata_find_attach(struct msg_data *data, ULONG num)
{
    ULONG i;

    for (i = 0; i < data->attach_count; i++)
        if (data->attachs[i].num == num) return &data->attachs[i];
    return NULL;
}

/* Copies everything; attachments still in the database must have been loaded. */
HRESULT msgdata_copy(const struct msg_data *src, struct msg_data **dst)
{
    struct msg_data *copy;
    HRESULT hr;
    ULONG i;

    if (!(copy = msgdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = copy_bag(src->props, copy->props))) goto failed;
    for (i = 0; i < src->recip_count; i++)
    {
        SRow row;
        if (FAILED(hr = row_dup(&src->recips[i], &row))) goto failed;
        if (!msgdata_add_recip(copy, &row))
        {
            MAPIFreeBuffer(row.lpProps);
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto failed;
        }
    }
    copy->next_rowid = src->next_rowid;
    for (i = 0; i < src->attach_count; i++)
    {
        const struct attach_entry *from = &src->attachs[i];
        struct attach_entry *to;

        if (!from->data)
        {
            ERR("attachment %lu not loaded\n", from->num);
            hr = MAPI_E_CALL_FAILED;
            goto failed;
        }
        if (!(to = msgdata_add_attach(copy)))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto failed;
        }
        to->num = from->num;
        to->dirty = TRUE;
        if (FAILED(hr = attachdata_copy(from->data, &to->data))) goto failed;
        if (from->summary)
        {
            SRow row = { 0, from->summary_count, from->summary }, dup;
            if (FAILED(hr = row_dup(&row, &dup))) goto failed;
            to->summary = dup.lpProps;
            to->summary_count = dup.cValues;
        }
    }
    copy->next_attach_num = src->next_attach_num;
    copy->flags = src->flags;
    *dst = copy;
    return S_OK;

failed:
    msgdata_free(copy);
    return hr;
}

/* The values of a bag that are kept, without those the store computes. */
HRESULT bag_storable_values(IPropData *bag, BOOL (*computed)(ULONG tag), ULONG *count, SPropValue **values)
{
    ULONG i, n;
    HRESULT hr;

    *count = 0;
    *values = NULL;
    if (FAILED(hr = IPropData_GetProps(bag, NULL, MAPI_UNICODE, count, values))) return hr;
    for (i = n = 0; i < *count; i++)
    {
        ULONG tag = (*values)[i].ulPropTag;
        if (PROP_TYPE(tag) == PT_ERROR || !prop_is_storable(tag) || (computed && computed(tag))) continue;
        (*values)[n++] = (*values)[i];
    }
    *count = n;
    return S_OK;
}

static BOOL put_u32(struct sqlms_buffer *buf, ULONG value)
{
    return buffer_append(buf, &value, 4);
}

/* A blob in a blob: its size, then its bytes. */
static BOOL put_blob(struct sqlms_buffer *buf, const struct sqlms_buffer *inner)
{
    return put_u32(buf, inner->size) && buffer_append(buf, inner->data, inner->size);
}

HRESULT recips_encode(const struct msg_data *data, struct sqlms_buffer *buf)
{
    ULONG i;

    if (!put_u32(buf, data->recip_count)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < data->recip_count; i++)
    {
        struct sqlms_buffer row = { 0 };
        BOOL ok = blob_encode(&row, data->recips[i].cValues, data->recips[i].lpProps, BLOB_ALL) &&
                  put_blob(buf, &row);
        buffer_free(&row);
        if (!ok) return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

struct reader
{
    const BYTE *pos, *end;
};

static BOOL get_u32(struct reader *r, ULONG *value)
{
    if (r->end - r->pos < 4) return FALSE;
    memcpy(value, r->pos, 4);
    r->pos += 4;
    return TRUE;
}

static BOOL get_blob(struct reader *r, const BYTE **data, ULONG *size)
{
    if (!get_u32(r, size) || (SIZE_T)(r->end - r->pos) < *size) return FALSE;
    *data = r->pos;
    r->pos += *size;
    return TRUE;
}

static HRESULT recips_read(struct reader *r, struct msg_data *data)
{
    ULONG count, i, size;
    const BYTE *bytes;
    HRESULT hr;

    if (!get_u32(r, &count)) return MAPI_E_CORRUPT_DATA;
    for (i = 0; i < count; i++)
    {
        SRow row = { 0 };
        SPropValue *rowid;

        if (!get_blob(r, &bytes, &size)) return MAPI_E_CORRUPT_DATA;
        if (FAILED(hr = blob_decode(bytes, size, FALSE, NULL, &row.cValues, &row.lpProps))) return hr;
        if (!msgdata_add_recip(data, &row))
        {
            MAPIFreeBuffer(row.lpProps);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        if ((rowid = PpropFindProp(row.lpProps, row.cValues, PR_ROWID)) && rowid->Value.l >= data->next_rowid)
            data->next_rowid = rowid->Value.l + 1;
    }
    return S_OK;
}

HRESULT recips_decode(const BYTE *bytes, SIZE_T size, struct msg_data *data)
{
    struct reader r = { bytes, bytes + size };

    if (!size) return S_OK;
    return recips_read(&r, data);
}

static BOOL attach_value_computed(ULONG tag)
{
    return tag == PR_ATTACH_NUM || tag == PR_OBJECT_TYPE || tag == PR_ATTACH_SIZE || tag == PR_INSTANCE_KEY ||
           tag == PR_RECORD_KEY || tag == PR_ACCESS_LEVEL || tag == PR_ACCESS;
}

/* The values an attachment is kept as; an embedded message rides in PR_ATTACH_DATA_BIN. */
HRESULT attach_storage_values(struct attach_data *data, struct sqlms_buffer *embedded, ULONG *count,
                              SPropValue **values, void **head)
{
    SPropValue *grown;
    HRESULT hr;
    ULONG i, n;

    *head = NULL;
    if (FAILED(hr = bag_storable_values(data->props, attach_value_computed, count, values))) return hr;
    *head = *values;
    if (!data->embedded) return S_OK;
    if (FAILED(hr = msgdata_encode(data->embedded, embedded))) goto failed;
    if (FAILED(hr = MAPIAllocateMore((*count + 1) * sizeof(SPropValue), *head, (void **)&grown))) goto failed;
    for (i = n = 0; i < *count; i++)
        if (PROP_ID((*values)[i].ulPropTag) != PR_ATTACH_DATA_OBJ_ID) grown[n++] = (*values)[i];
    grown[n].ulPropTag = PR_ATTACH_DATA_BIN;
    grown[n].dwAlignPad = 0;
    grown[n].Value.bin.cb = embedded->size;
    grown[n++].Value.bin.lpb = embedded->data;
    *count = n;
    *values = grown;
    return S_OK;

failed:
    MAPIFreeBuffer(*head);
    *head = NULL;
    *values = NULL;
    return hr;
}

/* An attachment from its stored values: an embedded message comes out of PR_ATTACH_DATA_BIN. */
HRESULT attach_from_values(ULONG count, SPropValue *values, struct attach_data **out)
{
    struct attach_data *data;
    SPropValue *method, *bin;
    HRESULT hr;
    ULONG i, n;

    if (!(data = attachdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    method = PpropFindProp(values, count, PR_ATTACH_METHOD);
    bin = PpropFindProp(values, count, PR_ATTACH_DATA_BIN);
    if (method && method->Value.l == ATTACH_EMBEDDED_MSG && bin)
    {
        if (FAILED(hr = msgdata_decode(bin->Value.bin.lpb, bin->Value.bin.cb, &data->embedded)))
        {
            attachdata_free(data);
            return hr;
        }
        for (i = n = 0; i < count; i++)
            if (values[i].ulPropTag != PR_ATTACH_DATA_BIN) values[n++] = values[i];
        count = n;
    }
    if (count && FAILED(hr = IPropData_SetProps(data->props, count, values, NULL)))
    {
        attachdata_free(data);
        return hr;
    }
    *out = data;
    return S_OK;
}

BOOL message_value_stored(ULONG tag, BOOL embedded)
{
    switch (tag)
    {
    case PR_ENTRYID:
    case PR_PARENT_ENTRYID:
    case PR_RECORD_KEY:
    case PR_STORE_ENTRYID:
    case PR_STORE_RECORD_KEY:
    case PR_MAPPING_SIGNATURE:
    case PR_OBJECT_TYPE:
    case PR_MESSAGE_SIZE:
    case PR_ACCESS:
    case PR_ACCESS_LEVEL:
    case PR_MSG_STATUS:
    case PR_INSTANCE_KEY:
    case PR_SUBMIT_FLAGS:
        return FALSE;
    case PR_MESSAGE_FLAGS:
        return embedded;
    }
    return TRUE;
}

static BOOL embedded_not_stored(ULONG tag)
{
    return !message_value_stored(tag, TRUE);
}

/**************************************************************************
 *  msgdata_encode
 *
 * An embedded message as bytes: a magic number, its values, its recipients
 * and its attachments (each with its own embedded message, if any).
 */
HRESULT msgdata_encode(struct msg_data *data, struct sqlms_buffer *buf)
{
    struct sqlms_buffer part = { 0 };
    SPropValue *values = NULL;
    ULONG count = 0, i;
    HRESULT hr;

    if (!put_u32(buf, EMBEDDED_MAGIC)) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = bag_storable_values(data->props, embedded_not_stored, &count, &values))) return hr;
    if (!blob_encode(&part, count, values, BLOB_ALL) || !put_blob(buf, &part)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    MAPIFreeBuffer(values);
    buffer_free(&part);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = recips_encode(data, &part)) || !put_blob(buf, &part))
    {
        buffer_free(&part);
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    buffer_free(&part);

    if (!put_u32(buf, data->attach_count)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < data->attach_count; i++)
    {
        struct sqlms_buffer embedded = { 0 };
        struct attach_entry *entry = &data->attachs[i];
        void *head;

        if (!entry->data) return MAPI_E_CALL_FAILED;
        if (FAILED(hr = attach_storage_values(entry->data, &embedded, &count, &values, &head)))
        {
            buffer_free(&embedded);
            return hr;
        }
        if (!put_u32(buf, entry->num) || !blob_encode(&part, count, values, BLOB_ALL) || !put_blob(buf, &part))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        MAPIFreeBuffer(head);
        buffer_free(&embedded);
        buffer_free(&part);
        if (FAILED(hr)) return hr;
    }
    return S_OK;
}

HRESULT msgdata_decode(const BYTE *bytes, SIZE_T size, struct msg_data **out)
{
    struct reader r = { bytes, bytes + size };
    struct msg_data *data;
    const BYTE *part;
    ULONG magic, part_size, count, i;
    SPropValue *values, *flags;
    HRESULT hr = MAPI_E_CORRUPT_DATA;

    if (!get_u32(&r, &magic) || magic != EMBEDDED_MAGIC) return MAPI_E_CORRUPT_DATA;
    if (!(data = msgdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!get_blob(&r, &part, &part_size)) goto failed;
    if (FAILED(hr = blob_decode(part, part_size, FALSE, NULL, &count, &values))) goto failed;
    if ((flags = PpropFindProp(values, count, PR_MESSAGE_FLAGS))) data->flags = flags->Value.l;
    hr = count ? IPropData_SetProps(data->props, count, values, NULL) : S_OK;
    MAPIFreeBuffer(values);
    if (FAILED(hr)) goto failed;

    hr = MAPI_E_CORRUPT_DATA;
    if (!get_blob(&r, &part, &part_size)) goto failed;
    if (FAILED(hr = recips_decode(part, part_size, data))) goto failed;

    hr = MAPI_E_CORRUPT_DATA;
    if (!get_u32(&r, &count)) goto failed;
    for (i = 0; i < count; i++)
    {
        struct attach_entry *entry;
        ULONG num, n;

        if (!get_u32(&r, &num) || !get_blob(&r, &part, &part_size)) goto failed;
        if (!(entry = msgdata_add_attach(data)))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto failed;
        }
        entry->num = num;
        data->next_attach_num = max(data->next_attach_num, num + 1);
        if (FAILED(hr = blob_decode(part, part_size, FALSE, NULL, &n, &values))) goto failed;
        hr = attach_from_values(n, values, &entry->data);
        MAPIFreeBuffer(values);
        if (FAILED(hr)) goto failed;
        if (FAILED(hr = attach_entry_summarize(entry))) goto failed;
        hr = MAPI_E_CORRUPT_DATA;
    }
    *out = data;
    return S_OK;

failed:
    WARN("damaged embedded message\n");
    msgdata_free(data);
    return hr;
}

/**************************************************************************
 *  attach_entry_summarize
 *
 * The row of an attachment in its message's attachment table, made from
 * its values as the database's summary column would keep them.
 */
HRESULT attach_entry_summarize(struct attach_entry *entry)
{
    struct sqlms_buffer embedded = { 0 }, summary = { 0 };
    SPropValue *values = NULL, *decoded = NULL;
    ULONG count = 0, size, i;
    void *head;
    HRESULT hr;

    if (FAILED(hr = attach_storage_values(entry->data, &embedded, &count, &values, &head))) return hr;
    size = 0;
    for (i = 0; i < count; i++) size += prop_value_size(&values[i]);
    if (!blob_encode(&summary, count, values, BLOB_SUMMARY)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    MAPIFreeBuffer(head);
    buffer_free(&embedded);
    if (SUCCEEDED(hr)) hr = blob_decode(summary.data, summary.size, TRUE, NULL, &count, &decoded);
    buffer_free(&summary);
    if (FAILED(hr)) return hr;
    MAPIFreeBuffer(entry->summary);
    entry->summary = decoded;
    entry->summary_count = count;
    entry->size = size;
    return S_OK;
}
