/*
 * The compose window of MAPISendMail with MAPI_DIALOG on a profile of ours:
 * To, Cc, Subject, the text and the names of the attached files, Send and
 * Cancel. The template is built in memory; the dialog has no resources.
 */

#include "smapi.h"
#include "winuser.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The controls' IDs; tests/test_smapi.c drives the window through them. */
enum
{
    IDC_TO = 100,
    IDC_CC,
    IDC_SUBJECT,
    IDC_FILES,
    IDC_BODY,
};

/* Appends a DLGITEMTEMPLATE with its class atom and text; returns where the next one goes. */
static WORD *add_item(WORD *pos, DWORD style, short x, short y, short cx, short cy, WORD id, WORD atom,
                      const WCHAR *text)
{
    DLGITEMTEMPLATE *item;
    size_t len = wcslen(text) + 1;

    pos = (WORD *)(((ULONG_PTR)pos + 3) & ~3);   /* items are DWORD aligned */
    item = (DLGITEMTEMPLATE *)pos;
    item->style = style | WS_CHILD | WS_VISIBLE;
    item->dwExtendedStyle = 0;
    item->x = x;
    item->y = y;
    item->cx = cx;
    item->cy = cy;
    item->id = id;
    pos = (WORD *)(item + 1);
    *pos++ = 0xffff;
    *pos++ = atom;
    memcpy(pos, text, len * sizeof(WCHAR));
    pos += len;
    *pos++ = 0;   /* no creation data */
    return pos;
}

#define BUTTON 0x0080
#define EDIT   0x0081
#define STATIC 0x0082

static DLGTEMPLATE *build_template(void)
{
    static const WCHAR title[] = L"Send Mail", font[] = L"MS Shell Dlg";
    DLGTEMPLATE *dlg;
    WORD *pos;

    if (!(dlg = calloc(1, 4096))) return NULL;
    dlg->style = DS_MODALFRAME | DS_CENTER | DS_SETFONT | WS_POPUP | WS_CAPTION | WS_SYSMENU | WS_VISIBLE;
    dlg->cdit = 11;
    dlg->cx = 320;
    dlg->cy = 236;
    pos = (WORD *)(dlg + 1);
    *pos++ = 0;   /* no menu */
    *pos++ = 0;   /* the standard class */
    memcpy(pos, title, sizeof(title));
    pos += ARRAY_SIZE(title);
    *pos++ = 8;   /* point size */
    memcpy(pos, font, sizeof(font));
    pos += ARRAY_SIZE(font);

    pos = add_item(pos, SS_RIGHT, 7, 9, 34, 8, 0xffff, STATIC, L"To:");
    pos = add_item(pos, WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, 45, 7, 268, 12, IDC_TO, EDIT, L"");
    pos = add_item(pos, SS_RIGHT, 7, 25, 34, 8, 0xffff, STATIC, L"Cc:");
    pos = add_item(pos, WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, 45, 23, 268, 12, IDC_CC, EDIT, L"");
    pos = add_item(pos, SS_RIGHT, 7, 41, 34, 8, 0xffff, STATIC, L"Subject:");
    pos = add_item(pos, WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, 45, 39, 268, 12, IDC_SUBJECT, EDIT, L"");
    pos = add_item(pos, SS_RIGHT, 7, 57, 34, 8, 0xffff, STATIC, L"Attached:");
    pos = add_item(pos, SS_LEFT | SS_ENDELLIPSIS, 45, 57, 268, 8, IDC_FILES, STATIC, L"");
    pos = add_item(pos, WS_BORDER | WS_TABSTOP | WS_VSCROLL | ES_MULTILINE | ES_AUTOVSCROLL | ES_WANTRETURN,
                   7, 70, 306, 138, IDC_BODY, EDIT, L"");
    pos = add_item(pos, WS_TABSTOP | BS_DEFPUSHBUTTON, 203, 215, 52, 14, IDOK, BUTTON, L"Send");
    add_item(pos, WS_TABSTOP | BS_PUSHBUTTON, 261, 215, 52, 14, IDCANCEL, BUTTON, L"Cancel");
    return dlg;
}

static WCHAR *get_text(HWND dialog, int id)
{
    HWND control = GetDlgItem(dialog, id);
    int len = GetWindowTextLengthW(control);
    WCHAR *text = malloc((len + 1) * sizeof(WCHAR));

    if (text) GetWindowTextW(control, text, len + 1);
    return text;
}

static INT_PTR CALLBACK compose_proc(HWND dialog, UINT msg, WPARAM wparam, LPARAM lparam)
{
    struct smapi_compose *compose;

    switch (msg)
    {
    case WM_INITDIALOG:
        compose = (struct smapi_compose *)lparam;
        SetWindowLongPtrW(dialog, DWLP_USER, lparam);
        SetDlgItemTextW(dialog, IDC_TO, compose->to ? compose->to : L"");
        SetDlgItemTextW(dialog, IDC_CC, compose->cc ? compose->cc : L"");
        SetDlgItemTextW(dialog, IDC_SUBJECT, compose->subject ? compose->subject : L"");
        SetDlgItemTextW(dialog, IDC_FILES, compose->files ? compose->files : L"");
        SetDlgItemTextW(dialog, IDC_BODY, compose->body ? compose->body : L"");
        SetFocus(GetDlgItem(dialog, compose->to && *compose->to ? IDC_BODY : IDC_TO));
        return FALSE;
    case WM_COMMAND:
        compose = (struct smapi_compose *)GetWindowLongPtrW(dialog, DWLP_USER);
        if (LOWORD(wparam) == IDOK)
        {
            free(compose->to);
            free(compose->cc);
            free(compose->subject);
            free(compose->body);
            compose->to = get_text(dialog, IDC_TO);
            compose->cc = get_text(dialog, IDC_CC);
            compose->subject = get_text(dialog, IDC_SUBJECT);
            compose->body = get_text(dialog, IDC_BODY);
            EndDialog(dialog, IDOK);
            return TRUE;
        }
        if (LOWORD(wparam) == IDCANCEL)
        {
            EndDialog(dialog, IDCANCEL);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

HRESULT smapi_compose_dialog(ULONG_PTR ui_param, struct smapi_compose *compose)
{
    DLGTEMPLATE *dlg;
    INT_PTR ret;

    if (!(dlg = build_template())) return MAPI_E_NOT_ENOUGH_MEMORY;
    ret = DialogBoxIndirectParamW(mapi32_instance, dlg, (HWND)ui_param, compose_proc, (LPARAM)compose);
    free(dlg);
    TRACE("dialog answered %Id\n", ret);
    if (ret == IDOK) return S_OK;
    if (ret == IDCANCEL) return MAPI_E_USER_CANCEL;
    WARN("no window to compose in (%lu)\n", GetLastError());
    return MAPI_E_NO_SUPPORT;
}
