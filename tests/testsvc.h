/*
 * The test message service (testsvc.c, built as testsvc32.dll and plainsvc.dll):
 * what its entry point records of each call, and how a test steers it.
 */
#ifndef __MAPI32_TESTSVC_H
#define __MAPI32_TESTSVC_H

#define TESTSVC_MAX_CALLS 64
#define TESTSVC_MAX_TAGS  16

/* Set in the service's section at MSG_SERVICE_CREATE, through the IProviderAdmin it got */
#define PR_TESTSVC_CREATED    PROP_TAG(PT_LONG, 0x6750)
/* Set in each provider's section at MSG_SERVICE_CONFIGURE */
#define PR_TESTSVC_CONFIGURED PROP_TAG(PT_LONG, 0x6751)

struct testsvc_call
{
    ULONG context;                    /* MSG_SERVICE_* */
    ULONG flags;
    ULONG_PTR ui_param;
    ULONG prop_count;
    ULONG tags[TESTSVC_MAX_TAGS];     /* of the properties it got */
    WCHAR first_string[64];           /* the first string property it got */
    BOOL had_support;                 /* lpMAPISup was not NULL */
    BOOL had_provider_admin;          /* lpProviderAdmin was not NULL */
    BOOL had_malloc;
    BOOL instance_ok;                 /* hInstance is the module of the DLL called */
    ULONG provider_rows;              /* rows of its provider table, or ~0 */
    HRESULT result;                   /* what it returned */
};

typedef ULONG (WINAPI *testsvc_call_count_func)(void);
typedef BOOL (WINAPI *testsvc_get_call_func)(ULONG index, struct testsvc_call *call);
typedef void (WINAPI *testsvc_reset_func)(void);
/* The entry point fails with hr for that context, with a MAPIERROR saying so */
typedef void (WINAPI *testsvc_set_result_func)(ULONG context, HRESULT hr);

#endif /* __MAPI32_TESTSVC_H */
