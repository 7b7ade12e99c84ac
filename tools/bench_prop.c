/*
 * Benchmark (not a test): a fixed mix of property utility calls on arrays
 * of 10, 100 and 1,000 values, run in one process against two mapi32
 * builds: ours and Wine's builtin. Prints each time and the ratio.
 *
 * Usage: bench_prop.exe OUR_DLL_PATH [iterations]
 * Run with WINEDLLOVERRIDES=mapi32=b so that "mapi32.dll" is Wine's builtin.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"

/* The functions are looked up by their 32-bit decorated names, which both builds export on win64. */
struct mapi_functions
{
    const char *label;
    HMODULE module;
    SCODE (WINAPI *MAPIAllocateBuffer)(ULONG, void **);
    SCODE (WINAPI *MAPIAllocateMore)(ULONG, void *, void **);
    ULONG (WINAPI *MAPIFreeBuffer)(void *);
    SCODE (WINAPI *PropCopyMore)(SPropValue *, SPropValue *, ALLOCATEMORE *, void *);
    ULONG (WINAPI *UlPropSize)(SPropValue *);
    BOOL (WINAPI *FPropContainsProp)(SPropValue *, SPropValue *, ULONG);
    BOOL (WINAPI *FPropCompareProp)(SPropValue *, ULONG, SPropValue *);
    LONG (WINAPI *LPropCompareProp)(SPropValue *, SPropValue *);
    SPropValue *(WINAPI *PpropFindProp)(SPropValue *, ULONG, ULONG);
    SPropValue *(WINAPI *LpValFindProp)(ULONG, ULONG, SPropValue *);
    SCODE (WINAPI *ScCountProps)(int, SPropValue *, ULONG *);
    SCODE (WINAPI *ScCopyProps)(int, SPropValue *, void *, ULONG *);
    SCODE (WINAPI *ScRelocProps)(int, SPropValue *, void *, void *, ULONG *);
    SCODE (WINAPI *ScDupPropset)(int, SPropValue *, ALLOCATEBUFFER *, SPropValue **);
    ULONG (WINAPI *FBadProp)(SPropValue *);
    ULONG (WINAPI *FBadPropTag)(ULONG);
    ULONG (WINAPI *FBadRow)(SRow *);
};

#define LOOKUP(f, field, name) \
    if (!((f)->field = (void *)GetProcAddress((f)->module, name))) \
    { fprintf(stderr, "%s: no export %s\n", (f)->label, name); exit(2); }

static void load_functions(struct mapi_functions *f, const char *label, const char *path)
{
    f->label = label;
    if (!(f->module = LoadLibraryA(path)))
    {
        fprintf(stderr, "cannot load %s (%lu)\n", path, GetLastError());
        exit(2);
    }
    LOOKUP(f, MAPIAllocateBuffer, "MAPIAllocateBuffer");
    LOOKUP(f, MAPIAllocateMore, "MAPIAllocateMore");
    LOOKUP(f, MAPIFreeBuffer, "MAPIFreeBuffer");
    LOOKUP(f, PropCopyMore, "PropCopyMore@16");
    LOOKUP(f, UlPropSize, "UlPropSize@4");
    LOOKUP(f, FPropContainsProp, "FPropContainsProp@12");
    LOOKUP(f, FPropCompareProp, "FPropCompareProp@12");
    LOOKUP(f, LPropCompareProp, "LPropCompareProp@8");
    LOOKUP(f, PpropFindProp, "PpropFindProp@12");
    LOOKUP(f, LpValFindProp, "LpValFindProp@12");
    LOOKUP(f, ScCountProps, "ScCountProps@12");
    LOOKUP(f, ScCopyProps, "ScCopyProps@16");
    LOOKUP(f, ScRelocProps, "ScRelocProps@20");
    LOOKUP(f, ScDupPropset, "ScDupPropset@16");
    LOOKUP(f, FBadProp, "FBadProp@4");
    LOOKUP(f, FBadPropTag, "FBadPropTag@4");
    LOOKUP(f, FBadRow, "FBadRow@4");
}

static char ansi_text[] = "The quick brown fox jumps over the lazy dog";
static WCHAR wide_text[] = L"The quick brown fox jumps over the lazy dog";
static BYTE binary_data[64];
static LONG long_values[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* A deterministic mix of the common property types. */
static SPropValue *make_props(ULONG count)
{
    SPropValue *props = calloc(count, sizeof(*props));
    ULONG i;

    for (i = 0; i < count; i++)
    {
        ULONG id = 0x6000 + i;
        switch (i % 8)
        {
        case 0: props[i].ulPropTag = PROP_TAG(PT_LONG, id); props[i].Value.l = i; break;
        case 1: props[i].ulPropTag = PROP_TAG(PT_STRING8, id); props[i].Value.lpszA = ansi_text; break;
        case 2: props[i].ulPropTag = PROP_TAG(PT_UNICODE, id); props[i].Value.lpszW = wide_text; break;
        case 3: props[i].ulPropTag = PROP_TAG(PT_BINARY, id);
                props[i].Value.bin.cb = sizeof(binary_data); props[i].Value.bin.lpb = binary_data; break;
        case 4: props[i].ulPropTag = PROP_TAG(PT_SYSTIME, id);
                props[i].Value.ft.dwLowDateTime = i; props[i].Value.ft.dwHighDateTime = 0x01d00000; break;
        case 5: props[i].ulPropTag = PROP_TAG(PT_BOOLEAN, id); props[i].Value.b = i & 1; break;
        case 6: props[i].ulPropTag = PROP_TAG(PT_DOUBLE, id); props[i].Value.dbl = i * 0.5; break;
        case 7: props[i].ulPropTag = PROP_TAG(PT_MV_LONG, id);
                props[i].Value.MVl.cValues = 8; props[i].Value.MVl.lpl = long_values; break;
        }
    }
    return props;
}

static volatile ULONG sink;

/* One round of the mix; returns a checksum so nothing is optimised away. */
static ULONG run_mix(const struct mapi_functions *f, SPropValue *props, ULONG count)
{
    SPropValue *dup = NULL, *copy_more;
    ULONG size = 0, i, sum = 0;
    void *block;
    SRow row = { 0, count, props };
    SPropValue needle = { PROP_TAG(PT_STRING8, 0), 0, { 0 } };

    needle.Value.lpszA = (char *)"brown";

    if (f->ScCountProps(count, props, &size) != S_OK) exit(3);
    if (f->MAPIAllocateBuffer(size, &block) != S_OK) exit(3);
    if (f->ScCopyProps(count, props, block, &size) != S_OK) exit(3);
    if (f->ScRelocProps(count, block, block, (BYTE *)block + 16, &size) != S_OK) exit(3);
    if (f->ScRelocProps(count, block, (BYTE *)block + 16, block, &size) != S_OK) exit(3);
    if (f->ScDupPropset(count, props, f->MAPIAllocateBuffer, &dup) != S_OK) exit(3);

    for (i = 0; i < count; i++)
    {
        sum += f->UlPropSize(&props[i]);
        sum += f->FBadProp(&props[i]) + f->FBadPropTag(props[i].ulPropTag);
        sum += f->FPropCompareProp(&props[i], RELOP_EQ, &dup[i]);
        sum += (ULONG)f->LPropCompareProp(&props[i], &dup[i]);
        if (PROP_TYPE(props[i].ulPropTag) == PT_STRING8)
            sum += f->FPropContainsProp(&props[i], &needle, FL_SUBSTRING | FL_IGNORECASE);
    }
    sum += f->FBadRow(&row);
    sum += f->PpropFindProp(props, count, props[count - 1].ulPropTag) != NULL;
    sum += f->LpValFindProp(PROP_ID(props[count - 1].ulPropTag), count, props) != NULL;

    if (f->MAPIAllocateMore(count * sizeof(SPropValue), dup, (void **)&copy_more) != S_OK) exit(3);
    for (i = 0; i < count; i++)
        if (f->PropCopyMore(&copy_more[i], &props[i], f->MAPIAllocateMore, dup) != S_OK) exit(3);

    f->MAPIFreeBuffer(dup);
    f->MAPIFreeBuffer(block);
    return sum;
}

static double seconds(LARGE_INTEGER start, LARGE_INTEGER end, LARGE_INTEGER freq)
{
    return (double)(end.QuadPart - start.QuadPart) / freq.QuadPart;
}

/* Best of several timed repetitions, alternating the two builds so that
 * neither gets a warmer cache or a quieter machine. */
static void measure(const struct mapi_functions *a, const struct mapi_functions *b, ULONG count,
                    int iterations, double *time_a, double *time_b)
{
    SPropValue *props = make_props(count);
    LARGE_INTEGER freq, start, end;
    int rep, i, loops = iterations * 1000 / count;
    ULONG sum_a = 0, sum_b = 0;

    /* Both builds must do the same work: the mix's checksums agree. */
    if (run_mix(a, props, count) != run_mix(b, props, count))
    {
        fprintf(stderr, "%s and %s compute different results for %lu values\n", a->label, b->label, count);
        exit(4);
    }
    QueryPerformanceFrequency(&freq);
    *time_a = *time_b = 1e30;
    for (rep = 0; rep < 5; rep++)
    {
        double t;

        QueryPerformanceCounter(&start);
        for (i = 0; i < loops; i++) sum_a += run_mix(a, props, count);
        QueryPerformanceCounter(&end);
        if ((t = seconds(start, end, freq)) < *time_a) *time_a = t;

        QueryPerformanceCounter(&start);
        for (i = 0; i < loops; i++) sum_b += run_mix(b, props, count);
        QueryPerformanceCounter(&end);
        if ((t = seconds(start, end, freq)) < *time_b) *time_b = t;
    }
    sink = sum_a + sum_b;
    free(props);
}

int main(int argc, char **argv)
{
    static const ULONG sizes[] = { 10, 100, 1000 };
    struct mapi_functions ours, builtin;
    double total_ours = 0, total_builtin = 0;
    int iterations = argc > 2 ? atoi(argv[2]) : 200;
    int i;

    if (argc < 2)
    {
        fprintf(stderr, "usage: %s OUR_MAPI32_DLL [iterations]\n", argv[0]);
        return 2;
    }
    load_functions(&ours, "ours", argv[1]);
    load_functions(&builtin, "builtin", "mapi32.dll");
    if (ours.module == builtin.module)
    {
        fprintf(stderr, "both loads gave the same module: run with WINEDLLOVERRIDES=mapi32=b\n");
        return 2;
    }

    printf("property utilities: ours vs Wine's builtin mapi32, best of 5\n");
    printf("%8s %12s %12s %8s\n", "values", "ours (ms)", "builtin (ms)", "ratio");
    for (i = 0; i < 3; i++)
    {
        double t_ours, t_builtin;

        measure(&ours, &builtin, sizes[i], iterations, &t_ours, &t_builtin);
        printf("%8lu %12.2f %12.2f %8.2f\n", sizes[i], t_ours * 1000, t_builtin * 1000, t_ours / t_builtin);
        total_ours += t_ours;
        total_builtin += t_builtin;
    }
    printf("overall ratio (ours / builtin): %.2f (target <= 1.00)\n", total_ours / total_builtin);
    return 0;
}
