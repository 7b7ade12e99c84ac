/*
 * What the stand-in mail client DLLs (fakemail_a.dll, fakemail_w.dll) saw of
 * the last Simple MAPI call mapi32 handed them. test_sendmail reads it through
 * their fake_last_call export.
 */
#ifndef __FAKEMAIL_H
#define __FAKEMAIL_H

#define FAKE_TEXT 64
#define FAKE_RECIPS 3
#define FAKE_FILES 2

/* Strings are copied as they came, ANSI or Unicode; NULL comes out as "<NULL>". */
struct fake_recip
{
    ULONG reserved;
    ULONG recip_class;
    char name[FAKE_TEXT];
    char address[FAKE_TEXT];
    WCHAR name_w[FAKE_TEXT];
    WCHAR address_w[FAKE_TEXT];
    ULONG eid_size;
    const void *entry_id;
};

struct fake_file
{
    ULONG reserved;
    ULONG flags;
    ULONG position;
    char path[FAKE_TEXT];
    char name[FAKE_TEXT];
    WCHAR path_w[FAKE_TEXT];
    WCHAR name_w[FAKE_TEXT];
    const void *file_type;
};

struct fake_call
{
    LONG calls;                 /* every call so far, never reset */
    char function[32];          /* the export called last */
    ULONG_PTR session;
    ULONG_PTR ui_param;
    ULONG flags;
    ULONG reserved;
    const void *message;        /* the message pointer as it arrived */
    char strings[4][FAKE_TEXT]; /* string parameters, in order */
    const void *pointers[2];    /* other pointer parameters, in order */
    ULONG numbers[2];           /* other ULONG parameters, in order */

    /* The message, for MAPISendMail, MAPISendMailW and MAPISaveMail. */
    ULONG message_reserved;
    char subject[FAKE_TEXT];
    char note[FAKE_TEXT];
    char message_type[FAKE_TEXT];
    char date_received[FAKE_TEXT];
    char conversation_id[FAKE_TEXT];
    WCHAR subject_w[FAKE_TEXT];
    WCHAR note_w[FAKE_TEXT];
    WCHAR message_type_w[FAKE_TEXT];
    WCHAR date_received_w[FAKE_TEXT];
    WCHAR conversation_id_w[FAKE_TEXT];
    ULONG message_flags;
    BOOL has_originator;
    struct fake_recip originator;
    ULONG recip_count;
    BOOL recips_null;
    struct fake_recip recips[FAKE_RECIPS];
    ULONG file_count;
    BOOL files_null;
    struct fake_file files[FAKE_FILES];
};

/* What fakemail's MAPILogon, MAPIResolveName and friends hand back. */
#define FAKE_SESSION 0x5e55
#define FAKE_MESSAGE_ID "fake-message-1"

typedef struct fake_call *(WINAPI *fake_last_call_func)(void);
typedef void (WINAPI *fake_set_result_func)(ULONG);

#endif /* __FAKEMAIL_H */
