/*
 * BuildDisplayTable: the display table of a provider's property pages, from
 * DTPAGE and DTCTL descriptions and the pages' dialog resources.
 *
 * Each control becomes a row: its place and size in the dialog resource
 * (PR_XPOS, PR_YPOS, PR_DELTAX, PR_DELTAY, in dialog units, which are the
 * display table's units too), PR_CONTROL_TYPE, PR_CONTROL_FLAGS,
 * PR_CONTROL_STRUCTURE (the control's DTBL* structure with its strings
 * appended: labels from the resource, filters and help components from the
 * caller) and PR_CONTROL_ID. A DTCT_PAGE control is the page itself: the
 * dialog's size and caption. Without a resource, or a control missing in
 * it, the table is still made, with no place, size or label.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

enum display_column
{
    COLUMN_ROWID,
    COLUMN_XPOS,
    COLUMN_YPOS,
    COLUMN_DELTAX,
    COLUMN_DELTAY,
    COLUMN_CONTROL_TYPE,
    COLUMN_CONTROL_FLAGS,
    COLUMN_CONTROL_STRUCTURE,
    COLUMN_CONTROL_ID,
    COLUMN_COUNT
};

static const ULONG display_columns[COLUMN_COUNT] =
{
    [COLUMN_ROWID]             = PR_ROWID,
    [COLUMN_XPOS]              = PR_XPOS,
    [COLUMN_YPOS]              = PR_YPOS,
    [COLUMN_DELTAX]            = PR_DELTAX,
    [COLUMN_DELTAY]            = PR_DELTAY,
    [COLUMN_CONTROL_TYPE]      = PR_CONTROL_TYPE,
    [COLUMN_CONTROL_FLAGS]     = PR_CONTROL_FLAGS,
    [COLUMN_CONTROL_STRUCTURE] = PR_CONTROL_STRUCTURE,
    [COLUMN_CONTROL_ID]        = PR_CONTROL_ID,
};

#define NO_FIELD 0xff

/* The DTBL* structure of each control type and where its strings go */
static const struct control_kind
{
    BYTE size;
    BYTE label;         /* offset of the ulb of the label from the resource */
    BYTE filter;        /* ... of the characters allowed, DTCTL's lpszFilter */
    BYTE component;     /* ... of the help component of a page */
}
control_kinds[] =
{
    [DTCT_LABEL]       = { sizeof(DTBLLABEL), offsetof(DTBLLABEL, ulbLpszLabelName), NO_FIELD, NO_FIELD },
    [DTCT_EDIT]        = { sizeof(DTBLEDIT), NO_FIELD, offsetof(DTBLEDIT, ulbLpszCharsAllowed), NO_FIELD },
    [DTCT_LBX]         = { sizeof(DTBLLBX), NO_FIELD, NO_FIELD, NO_FIELD },
    [DTCT_COMBOBOX]    = { sizeof(DTBLCOMBOBOX), NO_FIELD, offsetof(DTBLCOMBOBOX, ulbLpszCharsAllowed), NO_FIELD },
    [DTCT_DDLBX]       = { sizeof(DTBLDDLBX), NO_FIELD, NO_FIELD, NO_FIELD },
    [DTCT_CHECKBOX]    = { sizeof(DTBLCHECKBOX), offsetof(DTBLCHECKBOX, ulbLpszLabel), NO_FIELD, NO_FIELD },
    [DTCT_GROUPBOX]    = { sizeof(DTBLGROUPBOX), offsetof(DTBLGROUPBOX, ulbLpszLabel), NO_FIELD, NO_FIELD },
    [DTCT_BUTTON]      = { sizeof(DTBLBUTTON), offsetof(DTBLBUTTON, ulbLpszLabel), NO_FIELD, NO_FIELD },
    [DTCT_PAGE]        = { sizeof(DTBLPAGE), offsetof(DTBLPAGE, ulbLpszLabel), NO_FIELD,
                           offsetof(DTBLPAGE, ulbLpszComponent) },
    [DTCT_RADIOBUTTON] = { sizeof(DTBLRADIOBUTTON), offsetof(DTBLRADIOBUTTON, ulbLpszLabel), NO_FIELD, NO_FIELD },
    [DTCT_MVLISTBOX]   = { sizeof(DTBLMVLISTBOX), NO_FIELD, NO_FIELD, NO_FIELD },
    [DTCT_MVDDLBX]     = { sizeof(DTBLMVDDLBX), NO_FIELD, NO_FIELD, NO_FIELD },
};

/* Every structure with strings has the ulFlags saying whether they are
 * Unicode right after its first member. */
#define STRING_FLAGS_OFFSET sizeof(ULONG)
C_ASSERT(offsetof(DTBLLABEL, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLEDIT, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLCOMBOBOX, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLCHECKBOX, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLGROUPBOX, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLBUTTON, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLPAGE, ulFlags) == STRING_FLAGS_OFFSET);
C_ASSERT(offsetof(DTBLRADIOBUTTON, ulFlags) == STRING_FLAGS_OFFSET);

static const struct control_kind *kind_of(ULONG type)
{
    if (type >= ARRAY_SIZE(control_kinds) || !control_kinds[type].size) return NULL;
    return &control_kinds[type];
}

/* A text of the dialog resource */
struct text
{
    const WCHAR *chars;
    ULONG len;
};

/* A place in the dialog resource */
struct box
{
    short x, y, cx, cy;
};

/* A dialog resource (DLGTEMPLATE or DLGTEMPLATEEX), read with bounds checks */
struct dialog
{
    BOOL extended;
    struct box box;
    struct text caption;
    WORD item_count;
    const BYTE *start, *items, *end;
};

struct reader
{
    const BYTE *start, *pos, *end;
    BOOL bad;
};

static const BYTE *take(struct reader *reader, SIZE_T size)
{
    const BYTE *pos = reader->pos;

    if (reader->bad || (SIZE_T)(reader->end - pos) < size)
    {
        reader->bad = TRUE;
        return NULL;
    }
    reader->pos += size;
    return pos;
}

static WORD read_word(struct reader *reader)
{
    const BYTE *pos = take(reader, sizeof(WORD));
    WORD value = 0;

    if (pos) memcpy(&value, pos, sizeof(value));
    return value;
}

static DWORD read_dword(struct reader *reader)
{
    const BYTE *pos = take(reader, sizeof(DWORD));
    DWORD value = 0;

    if (pos) memcpy(&value, pos, sizeof(value));
    return value;
}

static void read_box(struct reader *reader, struct box *box)
{
    box->x = read_word(reader);
    box->y = read_word(reader);
    box->cx = read_word(reader);
    box->cy = read_word(reader);
}

static void align_dword(struct reader *reader)
{
    SIZE_T offset = reader->pos - reader->start;

    if (offset & 3) take(reader, 4 - (offset & 3));
}

/* A name or ordinal: text gets the name, or nothing for an ordinal */
static void read_name(struct reader *reader, struct text *text)
{
    WORD first = read_word(reader);

    if (text) text->chars = NULL, text->len = 0;
    if (!first) return;
    if (first == 0xffff)
    {
        read_word(reader);
        return;
    }
    reader->pos -= sizeof(WORD);
    if (text) text->chars = (const WCHAR *)reader->pos;
    for (;;)
    {
        if (reader->bad) return;
        if (!read_word(reader)) break;
        if (text) text->len++;
    }
    if (reader->bad && text) text->chars = NULL, text->len = 0;
}

static BOOL parse_dialog(const BYTE *data, DWORD size, struct dialog *dialog)
{
    struct reader reader = { data, data, data + size };
    DWORD style;

    memset(dialog, 0, sizeof(*dialog));
    if (size >= 4 && read_word(&reader) == 1 && read_word(&reader) == 0xffff)
    {
        dialog->extended = TRUE;
        read_dword(&reader);    /* help identifier */
        read_dword(&reader);    /* extended style */
        style = read_dword(&reader);
    }
    else
    {
        reader.pos = data;
        style = read_dword(&reader);
        read_dword(&reader);    /* extended style */
    }
    dialog->item_count = read_word(&reader);
    read_box(&reader, &dialog->box);
    read_name(&reader, NULL);   /* menu */
    read_name(&reader, NULL);   /* class */
    read_name(&reader, &dialog->caption);
    if (style & DS_SETFONT)
    {
        read_word(&reader);     /* point size */
        if (dialog->extended)
        {
            read_word(&reader); /* weight */
            take(&reader, 2);   /* italic, character set */
        }
        read_name(&reader, NULL);
    }
    dialog->start = data;
    dialog->items = reader.pos;
    dialog->end = reader.end;
    if (reader.bad) WARN("dialog resource of %lu bytes is cut short\n", size);
    return !reader.bad;
}

/* The place and text of the dialog's control with this identifier */
static BOOL find_dialog_item(const struct dialog *dialog, ULONG id, struct box *box, struct text *text)
{
    struct reader reader = { dialog->start, dialog->items, dialog->end };
    WORD i;

    for (i = 0; i < dialog->item_count && !reader.bad; i++)
    {
        struct box item_box;
        struct text item_text;
        ULONG item_id;
        WORD extra;

        align_dword(&reader);
        if (dialog->extended)
        {
            read_dword(&reader);    /* help identifier */
            read_dword(&reader);    /* extended style */
            read_dword(&reader);    /* style */
            read_box(&reader, &item_box);
            item_id = read_dword(&reader);
        }
        else
        {
            read_dword(&reader);    /* style */
            read_dword(&reader);    /* extended style */
            read_box(&reader, &item_box);
            item_id = read_word(&reader);
        }
        read_name(&reader, NULL);   /* class */
        read_name(&reader, &item_text);
        extra = read_word(&reader);
        take(&reader, extra);
        if (reader.bad) break;

        if (item_id == id)
        {
            *box = item_box;
            *text = item_text;
            return TRUE;
        }
    }
    if (reader.bad) WARN("dialog resource items are cut short\n");
    return FALSE;
}

static BOOL load_dialog(HINSTANCE instance, const void *name, BOOL unicode, struct dialog *dialog)
{
    HRSRC resource;
    HGLOBAL handle;
    const BYTE *data;

    if (!name)
    {
        WARN("page without a dialog resource\n");
        return FALSE;
    }
    if (unicode) resource = FindResourceW(instance, name, (const WCHAR *)RT_DIALOG);
    else resource = FindResourceA(instance, name, (const char *)RT_DIALOG);
    if (!resource || !(handle = LoadResource(instance, resource)) || !(data = LockResource(handle)))
    {
        WARN("no dialog resource %s in %p\n",
             IS_INTRESOURCE(name) ? wine_dbg_sprintf("#%u", LOWORD(name)) :
             unicode ? debugstr_w(name) : debugstr_a(name), instance);
        return FALSE;
    }
    return parse_dialog(data, SizeofResource(instance, resource), dialog);
}

/* PR_CONTROL_STRUCTURE being made */
struct blob
{
    BYTE *data;
    ULONG size, capacity;
};

static BOOL blob_append(struct blob *blob, const void *data, ULONG size)
{
    if (blob->size + size > blob->capacity)
    {
        ULONG capacity = max(blob->capacity * 2, blob->size + size + 64);
        BYTE *grown = realloc(blob->data, capacity);

        if (!grown) return FALSE;
        blob->data = grown;
        blob->capacity = capacity;
    }
    memcpy(blob->data + blob->size, data, size);
    blob->size += size;
    return TRUE;
}

/* Appends a string to the structure and points its ulb member at offset to it:
 * given as Unicode or ANSI text, stored as the structure's flags say. */
static BOOL blob_add_string(struct blob *blob, BYTE offset, const void *str, int len, BOOL str_unicode,
                            BOOL out_unicode)
{
    ULONG position = blob->size;
    BOOL ret;

    if (offset == NO_FIELD) return TRUE;
    if (len < 0) len = str ? (str_unicode ? lstrlenW(str) : lstrlenA(str)) : 0;

    if (str_unicode == out_unicode)
    {
        static const WCHAR nul;
        ULONG char_size = out_unicode ? sizeof(WCHAR) : 1;

        ret = blob_append(blob, str ? str : &nul, len * char_size) && blob_append(blob, &nul, char_size);
    }
    else
    {
        int size = out_unicode ? MultiByteToWideChar(CP_ACP, 0, str, len, NULL, 0) * sizeof(WCHAR)
                               : WideCharToMultiByte(CP_ACP, 0, str, len, NULL, 0, NULL, NULL);
        void *converted = malloc(size + sizeof(WCHAR));

        if (!converted) return FALSE;
        if (out_unicode)
        {
            MultiByteToWideChar(CP_ACP, 0, str, len, converted, size / sizeof(WCHAR));
            ((WCHAR *)converted)[size / sizeof(WCHAR)] = 0;
            ret = blob_append(blob, converted, size + sizeof(WCHAR));
        }
        else
        {
            WideCharToMultiByte(CP_ACP, 0, str, len, converted, size, NULL, NULL);
            ((char *)converted)[size] = 0;
            ret = blob_append(blob, converted, size + 1);
        }
        free(converted);
    }
    if (ret) memcpy(blob->data + offset, &position, sizeof(position));
    return ret;
}

/* The help component of a page: a string resource, or the caller's string */
static BOOL page_component(HINSTANCE instance, const DTPAGE *page, const DTCTL *control, BOOL unicode,
                           WCHAR *buffer, int size, const void **str, BOOL *str_unicode)
{
    ULONG_PTR id = control->ulItemID;

    *str = NULL;
    *str_unicode = TRUE;
    if (!id)
    {
        /* the page's union: a string, or the identifier of one */
        id = (ULONG_PTR)page->lpszComponent;
        if (!id) return FALSE;
        if (!IS_INTRESOURCE(id))
        {
            *str = page->lpszComponent;
            *str_unicode = unicode;
            return unicode ? *(const WCHAR *)*str != 0 : *(const char *)*str != 0;
        }
    }
    if (!IS_INTRESOURCE(id) || !LoadStringW(instance, id, buffer, size))
    {
        WARN("no string resource %Iu for a page's help component\n", id);
        return FALSE;
    }
    *str = buffer;
    return TRUE;
}

static HRESULT add_control(ITableData *table_data, HINSTANCE instance, const DTPAGE *page, const DTCTL *control,
                           const struct dialog *dialog, BOOL unicode, ULONG row_id)
{
    const struct control_kind *kind = kind_of(control->ulCtlType);
    static const BYTE no_id;
    SPropValue props[COLUMN_COUNT];
    struct box box = { 0 };
    struct text text = { NULL, 0 };
    struct blob blob = { NULL };
    BOOL out_unicode = FALSE;
    HRESULT hr = S_OK;
    SRow row;
    ULONG i, flags;

    if (kind->label != NO_FIELD || kind->filter != NO_FIELD || kind->component != NO_FIELD)
    {
        memcpy(&flags, (const BYTE *)control->ctl.lpv + STRING_FLAGS_OFFSET, sizeof(flags));
        out_unicode = !!(flags & MAPI_UNICODE);
    }

    if (dialog && control->ulCtlType == DTCT_PAGE)
    {
        box.cx = dialog->box.cx;
        box.cy = dialog->box.cy;
        text = dialog->caption;
    }
    else if (dialog && !find_dialog_item(dialog, control->ulItemID, &box, &text))
        WARN("control %lu is not in the dialog resource\n", control->ulItemID);

    if (!blob_append(&blob, control->ctl.lpv, kind->size) ||
        !blob_add_string(&blob, kind->label, text.chars, text.len, TRUE, out_unicode))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) && kind->filter != NO_FIELD)
    {
        /* no filter allows every character */
        const void *filter = control->lpszFilter ? (const void *)control->lpszFilter
                                                 : unicode ? (const void *)L"*" : (const void *)"*";

        if (!blob_add_string(&blob, kind->filter, filter, -1, unicode, out_unicode)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (SUCCEEDED(hr) && kind->component != NO_FIELD)
    {
        WCHAR buffer[256];
        const void *component;
        BOOL component_unicode;
        ULONG none = 0;

        if (page_component(instance, page, control, unicode, buffer, ARRAY_SIZE(buffer), &component,
                           &component_unicode))
        {
            if (!blob_add_string(&blob, kind->component, component, -1, component_unicode, out_unicode))
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
        else memcpy(blob.data + kind->component, &none, sizeof(none));
    }

    if (SUCCEEDED(hr))
    {
        for (i = 0; i < COLUMN_COUNT; i++)
        {
            props[i].ulPropTag = display_columns[i];
            props[i].dwAlignPad = 0;
        }
        props[COLUMN_ROWID].Value.l = row_id;
        props[COLUMN_XPOS].Value.l = box.x;
        props[COLUMN_YPOS].Value.l = box.y;
        props[COLUMN_DELTAX].Value.l = box.cx;
        props[COLUMN_DELTAY].Value.l = box.cy;
        props[COLUMN_CONTROL_TYPE].Value.l = control->ulCtlType;
        props[COLUMN_CONTROL_FLAGS].Value.l = control->ulCtlFlags;
        props[COLUMN_CONTROL_STRUCTURE].Value.bin.cb = blob.size;
        props[COLUMN_CONTROL_STRUCTURE].Value.bin.lpb = blob.data;
        props[COLUMN_CONTROL_ID].Value.bin.cb = control->lpbNotif ? control->cbNotif : 0;
        props[COLUMN_CONTROL_ID].Value.bin.lpb = control->lpbNotif ? control->lpbNotif : (BYTE *)&no_id;

        row.ulAdrEntryPad = 0;
        row.cValues = COLUMN_COUNT;
        row.lpProps = props;
        hr = table_data->lpVtbl->HrModifyRow(table_data, &row);
    }
    free(blob.data);
    return hr;
}

/* A string or resource identifier that cannot be read */
static BOOL bad_name(const void *name, BOOL unicode)
{
    if (IS_INTRESOURCE(name)) return FALSE;
    return unicode ? IsBadStringPtrW(name, ~(UINT_PTR)0) : IsBadStringPtrA(name, ~(UINT_PTR)0);
}

static BOOL bad_pages(UINT page_count, const DTPAGE *pages, BOOL unicode)
{
    UINT i, j;

    if (page_count && IsBadReadPtr(pages, page_count * sizeof(*pages))) return TRUE;
    for (i = 0; i < page_count; i++)
    {
        const DTPAGE *page = &pages[i];

        if (bad_name(page->lpszResourceName, unicode) || bad_name(page->lpszComponent, unicode))
        {
            WARN("page %u: bad resource name or help component\n", i);
            return TRUE;
        }
        if (page->cctl && IsBadReadPtr(page->lpctl, page->cctl * sizeof(*page->lpctl))) return TRUE;
        for (j = 0; j < page->cctl; j++)
        {
            const DTCTL *control = &page->lpctl[j];
            const struct control_kind *kind = kind_of(control->ulCtlType);

            if (!kind)
            {
                WARN("page %u control %u: unknown type %lu\n", i, j, control->ulCtlType);
                return TRUE;
            }
            if (IsBadReadPtr(control->ctl.lpv, kind->size) ||
                (control->cbNotif && IsBadReadPtr(control->lpbNotif, control->cbNotif)) ||
                (control->lpszFilter && bad_name(control->lpszFilter, unicode)))
            {
                WARN("page %u control %u: bad structure, identifier or filter\n", i, j);
                return TRUE;
            }
        }
    }
    return FALSE;
}

/***********************************************************************
 *  BuildDisplayTable@40 (MAPI32.46)
 *
 * Makes a display table from property page descriptions and their dialog
 * resources.
 *
 * PARAMS
 *  allocate_buffer [I] MAPIAllocateBuffer, for the table.
 *  allocate_more   [I] MAPIAllocateMore, for the table.
 *  free_buffer     [I] MAPIFreeBuffer, for the table.
 *  imalloc         [I] Unused, NULL.
 *  instance        [I] The module with the pages' dialog and string resources.
 *  page_count      [I] The number of pages.
 *  pages           [I] The pages: dialog resource, help component and controls.
 *  flags           [I] MAPI_UNICODE: the pages' strings are Unicode.
 *  table           [O] The display table.
 *  table_data      [O] The table's data, for the caller to change rows; or NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL functions or table, or bad
 *           pages or controls (an unknown type among them),
 *           MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  Labels and page captions come from the dialog resources only, whatever
 *  the structures carry; the strings are stored ANSI or Unicode as each
 *  structure's MAPI_UNICODE flag says. A page with no dialog resource, or a
 *  control missing in it, still has its rows, with no place, size or label.
 *  PR_ROWID numbers the rows in page and control order.
 */
HRESULT WINAPI BuildDisplayTable(LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more,
                                 LPFREEBUFFER free_buffer, LPMALLOC imalloc, HINSTANCE instance, UINT page_count,
                                 LPDTPAGE pages, ULONG flags, LPMAPITABLE *table, LPTABLEDATA *table_data)
{
    SizedSPropTagArray(COLUMN_COUNT, columns);
    BOOL unicode = !!(flags & MAPI_UNICODE);
    ITableData *data;
    ULONG row_id = 0;
    HRESULT hr;
    UINT i, j;

    TRACE("(%p,%p,%p,%p,%p,%u,%p,%#lx,%p,%p)\n", allocate_buffer, allocate_more, free_buffer, imalloc,
          instance, page_count, pages, flags, table, table_data);

    if (table_data) *table_data = NULL;
    if (!allocate_buffer || !allocate_more || !free_buffer || !table)
    {
        WARN("missing memory functions or table\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    *table = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (bad_pages(page_count, pages, unicode)) return MAPI_E_INVALID_PARAMETER;

    columns.cValues = COLUMN_COUNT;
    memcpy(columns.aulPropTag, display_columns, sizeof(display_columns));
    hr = CreateTable(&IID_IMAPITableData, allocate_buffer, allocate_more, free_buffer, NULL, TBLTYPE_DYNAMIC,
                     PR_ROWID, (SPropTagArray *)&columns, &data);
    if (FAILED(hr)) return hr;

    for (i = 0; i < page_count && SUCCEEDED(hr); i++)
    {
        struct dialog dialog;
        BOOL have_dialog = load_dialog(instance, pages[i].lpszResourceName, unicode, &dialog);

        for (j = 0; j < pages[i].cctl && SUCCEEDED(hr); j++)
            hr = add_control(data, instance, &pages[i], &pages[i].lpctl[j], have_dialog ? &dialog : NULL,
                             unicode, row_id++);
    }
    if (SUCCEEDED(hr)) hr = data->lpVtbl->HrGetView(data, NULL, NULL, 0, table);

    if (SUCCEEDED(hr) && table_data) *table_data = data;
    else data->lpVtbl->Release(data);
    return hr;
}
