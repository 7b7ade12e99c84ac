/*
 * ITnef::OpenTaggedBody's stream: a message's text with attachment tags.
 *
 * Read, the stream is PR_BODY in the TNEF object's code page with the one
 * character at each attachment's PR_RENDERING_POSITION replaced by its tag,
 * "[[ title : key in container ]]". Written and committed, the tags in the
 * text are taken out again (a single space each), each tagged attachment's
 * PR_RENDERING_POSITION becomes where its tag was, and the text becomes the
 * message's PR_BODY. Transports send the tagged text where the messaging
 * system has no place for rendering positions, and get the attachments back
 * where they were whatever the system did to the text around them.
 */

#define COBJMACROS
#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define MAX_TAGGED_ATTACHMENTS 4096
#define MAX_TAG_LENGTH         1024

struct tagged_body
{
    IStream IStream_iface;
    LONG ref;
    IStream *text;          /* the tagged text in memory */
    IMessage *message;
    WORD key;
    WCHAR *stream_name;
    UINT codepage;
    BOOL writable;
};

static inline struct tagged_body *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct tagged_body, IStream_iface);
}

/* What the tags need of one attachment, in the order of the attachment table. */
struct tag_attach
{
    ULONG num;
    LONG position;
    WCHAR *title;           /* heap */
    const WCHAR *container;
    WCHAR *transport_name;  /* heap, or NULL */
};

static const SPropValue *row_value(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static WCHAR *heap_wcsdup(const WCHAR *string)
{
    WCHAR *copy = HeapAlloc(GetProcessHeap(), 0, (wcslen(string) + 1) * sizeof(WCHAR));

    if (copy) wcscpy(copy, string);
    return copy;
}

static void free_attachments(struct tag_attach *attachments, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        HeapFree(GetProcessHeap(), 0, attachments[i].title);
        HeapFree(GetProcessHeap(), 0, attachments[i].transport_name);
    }
    HeapFree(GetProcessHeap(), 0, attachments);
}

/* The attachments with their titles and containers. */
static HRESULT list_attachments(struct tagged_body *This, struct tag_attach **out, ULONG *count)
{
    static const SizedSPropTagArray(7, columns) =
    {
        7,
        {
            PR_ATTACH_NUM, PR_RENDERING_POSITION, PR_ATTACH_METHOD, PR_ATTACH_LONG_FILENAME_W,
            PR_ATTACH_FILENAME_W, PR_DISPLAY_NAME_W, PR_ATTACH_TRANSPORT_NAME_W,
        }
    };
    struct tag_attach *attachments;
    IMAPITable *table;
    SRowSet *rows;
    BOOL ansi;
    HRESULT hr;
    ULONG i, rows_count;

    *out = NULL;
    *count = 0;
    if (FAILED(hr = mapi_open_table_w(This->message, MAPI_TABLE_ATTACHMENTS, 0, &table, &ansi))) return hr;
    hr = mapi_query_rows_w(table, ansi, (SPropTagArray *)&columns, &rows);
    table->lpVtbl->Release(table);
    if (FAILED(hr)) return hr;
    rows_count = min(rows->cRows, MAX_TAGGED_ATTACHMENTS);
    if (!(attachments = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, max(rows_count, 1) * sizeof(*attachments))))
    {
        FreeProws(rows);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < rows_count; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *num = row_value(row, PR_ATTACH_NUM), *position = row_value(row, PR_RENDERING_POSITION);
        const SPropValue *method = row_value(row, PR_ATTACH_METHOD), *name;
        const SPropValue *transport = row_value(row, PR_ATTACH_TRANSPORT_NAME_W);
        LONG how = method ? method->Value.l : ATTACH_BY_VALUE;
        const WCHAR *title;

        if (!(name = row_value(row, PR_ATTACH_LONG_FILENAME_W)) && !(name = row_value(row, PR_ATTACH_FILENAME_W)))
            name = row_value(row, PR_DISPLAY_NAME_W);
        /* Without a name of its own, the title says what the attachment is. */
        if (name && *name->Value.lpszW) title = name->Value.lpszW;
        else title = how == ATTACH_OLE ? L"OLE Object" : how == ATTACH_EMBEDDED_MSG ? L"Message" : L"File";
        attachments[i].num = num ? num->Value.ul : i;
        attachments[i].position = position ? position->Value.l : -1;
        attachments[i].title = heap_wcsdup(title);
        /* An OLE object is in the TNEF stream; a file in the transport's attachment, when it has one. */
        if (how != ATTACH_OLE && transport && *transport->Value.lpszW)
            attachments[i].transport_name = heap_wcsdup(transport->Value.lpszW);
        attachments[i].container = attachments[i].transport_name ? attachments[i].transport_name
                                                                  : This->stream_name;
        *count = i + 1;
        if (!attachments[i].title || (transport && how != ATTACH_OLE && *transport->Value.lpszW &&
                                      !attachments[i].transport_name))
        {
            free_attachments(attachments, *count);
            FreeProws(rows);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    FreeProws(rows);
    *out = attachments;
    return S_OK;
}

/* The message's PR_BODY, whatever its size and its store's character width; empty when it has none. */
static HRESULT read_body(IMessage *message, WCHAR **text, ULONG *length)
{
    HRESULT hr;

    *length = 0;
    hr = mapi_read_text_w((IMAPIProp *)message, PR_BODY_W, text);
    if (hr == MAPI_E_NOT_FOUND)
        return (*text = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(WCHAR))) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr)) return hr;
    /* A terminating null some stores keep in the stream is no text. */
    *length = wcslen(*text);
    return S_OK;
}

static void append(WCHAR **out, ULONG *length, ULONG *capacity, const WCHAR *text, ULONG count, BOOL *failed)
{
    if (*failed) return;
    if (*length + count + 1 > *capacity)
    {
        ULONG grown = max(*capacity * 2, *length + count + 1);
        WCHAR *bigger = *out ? HeapReAlloc(GetProcessHeap(), 0, *out, grown * sizeof(WCHAR))
                             : HeapAlloc(GetProcessHeap(), 0, grown * sizeof(WCHAR));
        if (!bigger)
        {
            *failed = TRUE;
            return;
        }
        *out = bigger;
        *capacity = grown;
    }
    memcpy(*out + *length, text, count * sizeof(WCHAR));
    *length += count;
    (*out)[*length] = 0;
}

struct tag_place
{
    ULONG position;
    ULONG index;        /* in the attachment table */
};

static int __cdecl compare_places(const void *a, const void *b)
{
    const struct tag_place *x = a, *y = b;

    if (x->position != y->position) return x->position < y->position ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The body with the character at each rendering position made the attachment's tag. */
static HRESULT tag_body(struct tagged_body *This, WCHAR **tagged, ULONG *tagged_length)
{
    struct tag_attach *attachments;
    struct tag_place *places;
    ULONG count, length, i, place_count = 0, next = 0, capacity = 0;
    WCHAR *body, tag[MAX_PATH * 2 + 64];
    BOOL failed = FALSE;
    HRESULT hr;

    *tagged = NULL;
    *tagged_length = 0;
    if (FAILED(hr = read_body(This->message, &body, &length))) return hr;
    if (FAILED(hr = list_attachments(This, &attachments, &count)))
    {
        HeapFree(GetProcessHeap(), 0, body);
        return hr;
    }
    if (!(places = HeapAlloc(GetProcessHeap(), 0, max(count, 1) * sizeof(*places))))
    {
        free_attachments(attachments, count);
        HeapFree(GetProcessHeap(), 0, body);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    /* Hidden attachments (-1) and positions past the text have no tag. */
    for (i = 0; i < count; i++)
    {
        if (attachments[i].position < 0 || (ULONG)attachments[i].position >= length) continue;
        places[place_count].position = attachments[i].position;
        places[place_count++].index = i;
    }
    qsort(places, place_count, sizeof(*places), compare_places);
    for (i = 0; i < length; i++)
    {
        ULONG j;

        if (next == place_count || places[next].position != i)
        {
            append(tagged, tagged_length, &capacity, body + i, 1, &failed);
            continue;
        }
        j = places[next].index;
        swprintf(tag, ARRAY_SIZE(tag), L"[[ %.260s : %u in %.260s ]]", attachments[j].title,
                 (WORD)(This->key + j + 1), attachments[j].container);
        append(tagged, tagged_length, &capacity, tag, wcslen(tag), &failed);
        /* One character, one tag: a second attachment there goes without. */
        while (next < place_count && places[next].position == i) next++;
    }
    if (!*tagged) append(tagged, tagged_length, &capacity, L"", 0, &failed);
    HeapFree(GetProcessHeap(), 0, places);
    free_attachments(attachments, count);
    HeapFree(GetProcessHeap(), 0, body);
    if (failed)
    {
        HeapFree(GetProcessHeap(), 0, *tagged);
        *tagged = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

static BOOL is_space(WCHAR c)
{
    return c == ' ' || c == '\t';
}

/* Reads "[[ title : key in container ]]" at text; returns its length, or 0 if it is no tag. */
static ULONG parse_tag(const WCHAR *text, ULONG length, ULONG *key)
{
    const WCHAR *end, *in = NULL, *colon = NULL, *p;
    ULONG value = 0;

    if (length < 4 || text[0] != '[' || text[1] != '[') return 0;
    /* A tag is a title, a number and a name: one longer than that is text. */
    length = min(length, MAX_TAG_LENGTH);
    for (end = text + 2; end + 1 < text + length; end++)
    {
        if (end[0] == ']' && end[1] == ']') break;
        if (end[0] == '[' && end[1] == '[') return 0;
        if (end[0] == '\r' || end[0] == '\n') return 0;
    }
    if (end + 1 >= text + length) return 0;
    /* The container's name is after the last " in ", the key after the last ':' before it. */
    for (p = text + 2; p + 4 <= end; p++)
        if (is_space(p[0]) && p[1] == 'i' && p[2] == 'n' && is_space(p[3])) in = p;
    if (!in) return 0;
    for (p = text + 2; p < in; p++)
        if (*p == ':') colon = p;
    if (!colon) return 0;
    for (p = colon + 1; p < in && is_space(*p); p++);
    if (p == in || *p < '0' || *p > '9') return 0;
    for (; p < in && *p >= '0' && *p <= '9'; p++)
    {
        value = value * 10 + *p - '0';
        if (value > 0xffff) return 0;
    }
    for (; p < in; p++)
        if (!is_space(*p)) return 0;
    *key = value;
    return end + 2 - text;
}

/* Takes the tags out of the text written to the stream: each becomes a space,
 * and its attachment's rendering position; the text becomes PR_BODY. */
static HRESULT untag_body(struct tagged_body *This, const WCHAR *text, ULONG length)
{
    struct tag_attach *attachments;
    ULONG count, i, body_length = 0, capacity = 0;
    LONG *positions;
    WCHAR *body = NULL;
    BOOL failed = FALSE;
    SPropValue value;
    HRESULT hr;

    if (FAILED(hr = list_attachments(This, &attachments, &count))) return hr;
    if (!(positions = HeapAlloc(GetProcessHeap(), 0, max(count, 1) * sizeof(*positions))))
    {
        free_attachments(attachments, count);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < count; i++) positions[i] = attachments[i].position;
    for (i = 0; i < length; )
    {
        ULONG key, tag_length = parse_tag(text + i, length - i, &key);
        ULONG index = (WORD)(key - This->key - 1);

        if (tag_length && index < count)
        {
            positions[index] = body_length;
            append(&body, &body_length, &capacity, L" ", 1, &failed);
            i += tag_length;
            continue;
        }
        if (tag_length) WARN("a tag with key %lu names no attachment\n", key);
        append(&body, &body_length, &capacity, text + i, 1, &failed);
        i++;
    }
    if (!body) append(&body, &body_length, &capacity, L"", 0, &failed);
    if (failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;

    for (i = 0; SUCCEEDED(hr) && i < count; i++)
    {
        IAttach *attach;

        if (positions[i] == attachments[i].position) continue;
        if (FAILED(hr = IMessage_OpenAttach(This->message, attachments[i].num, NULL, MAPI_MODIFY, &attach))) break;
        value.ulPropTag = PR_RENDERING_POSITION;
        value.Value.l = positions[i];
        if (SUCCEEDED(hr = IAttach_SetProps(attach, 1, &value, NULL))) hr = IAttach_SaveChanges(attach, 0);
        IAttach_Release(attach);
    }
    if (SUCCEEDED(hr))
    {
        value.ulPropTag = PR_BODY_W;
        value.Value.lpszW = body;
        hr = mapi_set_props_w((IMAPIProp *)This->message, 1, &value, NULL);
    }
    HeapFree(GetProcessHeap(), 0, body);
    HeapFree(GetProcessHeap(), 0, positions);
    free_attachments(attachments, count);
    return hr;
}

/***********************************************************************
 * The stream
 */

static HRESULT WINAPI tagged_body_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISequentialStream) ||
        IsEqualIID(riid, &IID_IStream))
    {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI tagged_body_AddRef(IStream *iface)
{
    struct tagged_body *This = impl_from_IStream(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI tagged_body_Release(IStream *iface)
{
    struct tagged_body *This = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        IStream_Release(This->text);
        IMessage_Release(This->message);
        HeapFree(GetProcessHeap(), 0, This->stream_name);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI tagged_body_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    return IStream_Read(impl_from_IStream(iface)->text, data, size, read);
}

static HRESULT WINAPI tagged_body_Write(IStream *iface, const void *data, ULONG size, ULONG *written)
{
    struct tagged_body *This = impl_from_IStream(iface);

    if (written) *written = 0;
    if (!This->writable) return STG_E_ACCESSDENIED;
    return IStream_Write(This->text, data, size, written);
}

static HRESULT WINAPI tagged_body_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position)
{
    return IStream_Seek(impl_from_IStream(iface)->text, move, origin, position);
}

static HRESULT WINAPI tagged_body_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct tagged_body *This = impl_from_IStream(iface);

    if (!This->writable) return STG_E_ACCESSDENIED;
    return IStream_SetSize(This->text, size);
}

static HRESULT WINAPI tagged_body_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size, ULARGE_INTEGER *read,
                                         ULARGE_INTEGER *written)
{
    return IStream_CopyTo(impl_from_IStream(iface)->text, dest, size, read, written);
}

/* The text written so far goes to the message, its tags made rendering positions. */
static HRESULT WINAPI tagged_body_Commit(IStream *iface, DWORD flags)
{
    struct tagged_body *This = impl_from_IStream(iface);
    LARGE_INTEGER zero = { { 0 } };
    ULARGE_INTEGER position;
    STATSTG stat;
    char *bytes;
    WCHAR *text;
    ULONG read;
    int length;
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (!This->writable) return STG_E_ACCESSDENIED;
    if (FAILED(hr = IStream_Stat(This->text, &stat, STATFLAG_NONAME))) return hr;
    if (stat.cbSize.QuadPart >= 0x3fff0000) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(bytes = HeapAlloc(GetProcessHeap(), 0, stat.cbSize.u.LowPart + 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
    IStream_Seek(This->text, zero, STREAM_SEEK_CUR, &position);
    IStream_Seek(This->text, zero, STREAM_SEEK_SET, NULL);
    hr = IStream_Read(This->text, bytes, stat.cbSize.u.LowPart, &read);
    IStream_Seek(This->text, *(LARGE_INTEGER *)&position, STREAM_SEEK_SET, NULL);
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, bytes);
        return hr;
    }
    length = read ? MultiByteToWideChar(This->codepage, 0, bytes, read, NULL, 0) : 0;
    if (!(text = HeapAlloc(GetProcessHeap(), 0, (length + 1) * sizeof(WCHAR))))
    {
        HeapFree(GetProcessHeap(), 0, bytes);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (read) MultiByteToWideChar(This->codepage, 0, bytes, read, text, length);
    text[length] = 0;
    HeapFree(GetProcessHeap(), 0, bytes);
    hr = untag_body(This, text, length);
    HeapFree(GetProcessHeap(), 0, text);
    return hr;
}

static HRESULT WINAPI tagged_body_Revert(IStream *iface)
{
    return S_OK;
}

static HRESULT WINAPI tagged_body_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI tagged_body_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
                                               DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI tagged_body_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct tagged_body *This = impl_from_IStream(iface);
    HRESULT hr = IStream_Stat(This->text, stat, flags);

    if (SUCCEEDED(hr)) stat->grfMode = This->writable ? STGM_READWRITE : STGM_READ;
    return hr;
}

/* A clone reads the same text from a position of its own; it writes nothing back. */
static HRESULT WINAPI tagged_body_Clone(IStream *iface, IStream **clone)
{
    return IStream_Clone(impl_from_IStream(iface)->text, clone);
}

static const IStreamVtbl tagged_body_vtbl =
{
    tagged_body_QueryInterface,
    tagged_body_AddRef,
    tagged_body_Release,
    tagged_body_Read,
    tagged_body_Write,
    tagged_body_Seek,
    tagged_body_SetSize,
    tagged_body_CopyTo,
    tagged_body_Commit,
    tagged_body_Revert,
    tagged_body_LockRegion,
    tagged_body_UnlockRegion,
    tagged_body_Stat,
    tagged_body_Clone,
};

/***********************************************************************
 *  tnef_open_tagged_body
 *
 * The stream of ITnef::OpenTaggedBody: message's text, tagged with key as
 * the base of the attachments' keys and stream_name as the container of
 * what is in the TNEF stream. MAPI_MODIFY makes it writable, MAPI_CREATE
 * also empty, to be written whole.
 */
HRESULT tnef_open_tagged_body(IMessage *message, WORD key, const char *stream_name, UINT codepage, ULONG flags,
                              IStream **out)
{
    struct tagged_body *object;
    LARGE_INTEGER zero = { { 0 } };
    WCHAR *tagged = NULL;
    ULONG length = 0;
    HRESULT hr;
    int size;

    if (!(object = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*object)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    object->IStream_iface.lpVtbl = &tagged_body_vtbl;
    object->ref = 1;
    object->message = message;
    IMessage_AddRef(message);
    object->key = key;
    object->codepage = codepage;
    object->writable = !!(flags & (MAPI_MODIFY | MAPI_CREATE));
    if (!stream_name) stream_name = "";
    size = MultiByteToWideChar(CP_ACP, 0, stream_name, -1, NULL, 0);
    if ((object->stream_name = HeapAlloc(GetProcessHeap(), 0, size * sizeof(WCHAR))))
        MultiByteToWideChar(CP_ACP, 0, stream_name, -1, object->stream_name, size);
    if (!object->stream_name || FAILED(hr = CreateStreamOnHGlobal(NULL, TRUE, &object->text)))
    {
        IMessage_Release(message);
        HeapFree(GetProcessHeap(), 0, object->stream_name);
        HeapFree(GetProcessHeap(), 0, object);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!(flags & MAPI_CREATE) && SUCCEEDED(hr = tag_body(object, &tagged, &length)) && length)
    {
        char *bytes;

        size = WideCharToMultiByte(codepage, 0, tagged, length, NULL, 0, NULL, NULL);
        if (!(bytes = HeapAlloc(GetProcessHeap(), 0, max(size, 1)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            WideCharToMultiByte(codepage, 0, tagged, length, bytes, size, NULL, NULL);
            if (SUCCEEDED(hr = IStream_Write(object->text, bytes, size, NULL)))
                hr = IStream_Seek(object->text, zero, STREAM_SEEK_SET, NULL);
            HeapFree(GetProcessHeap(), 0, bytes);
        }
    }
    HeapFree(GetProcessHeap(), 0, tagged);
    if (FAILED(hr))
    {
        IStream_Release(&object->IStream_iface);
        return hr;
    }
    *out = &object->IStream_iface;
    return S_OK;
}
