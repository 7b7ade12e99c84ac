/*
 * IMessage on IStorage: the SDK's imessage.h, which Wine lacks.
 * Values and declarations as in Microsoft's SDK.
 */
#ifndef _IMESSAGE_H_
#define _IMESSAGE_H_

#include <stddef.h>
#include <mapidefs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A session groups messages so that CloseIMsgSession can close them all. */
typedef struct _MSGSESS *LPMSGSESS;

/* Called when the last reference to a message of OpenIMsgOnIStg goes. */
typedef void (WINAPI MSGCALLRELEASE)(ULONG ulCallerData, LPMESSAGE lpMessage);

SCODE WINAPI OpenIMsgSession(LPMALLOC lpMalloc, ULONG ulFlags, LPMSGSESS *lppMsgSess);
void WINAPI CloseIMsgSession(LPMSGSESS lpMsgSess);
SCODE WINAPI OpenIMsgOnIStg(LPMSGSESS lpMsgSess, LPALLOCATEBUFFER lpAllocateBuffer,
                            LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, LPMALLOC lpMalloc,
                            LPVOID lpMapiSup, LPSTORAGE lpStg, MSGCALLRELEASE *lpfMsgCallRelease,
                            ULONG ulCallerData, ULONG ulFlags, LPMESSAGE *lppMsg);

/* OpenIMsgOnIStg: SaveChanges does not commit the storage itself. */
#define IMSG_NO_ISTG_COMMIT ((ULONG)0x00000001)

/* Property attributes of GetAttribIMsgOnIStg and SetAttribIMsgOnIStg */
#define PROPATTR_MANDATORY   ((ULONG)0x00000001)
#define PROPATTR_READABLE    ((ULONG)0x00000002)
#define PROPATTR_WRITEABLE   ((ULONG)0x00000004)
#define PROPATTR_NOT_PRESENT ((ULONG)0x00000008)

typedef struct _SPropAttrArray
{
    ULONG cValues;
    ULONG aPropAttr[MAPI_DIM];
} SPropAttrArray, *LPSPropAttrArray;

#define CbNewSPropAttrArray(_cattr) (offsetof(SPropAttrArray, aPropAttr) + (_cattr) * sizeof(ULONG))
#define CbSPropAttrArray(_lparray) \
    (offsetof(SPropAttrArray, aPropAttr) + (UINT)((_lparray)->cValues) * sizeof(ULONG))
#define SizedSPropAttrArray(_cattr, _name) \
    struct _SPropAttrArray_ ## _name { ULONG cValues; ULONG aPropAttr[_cattr]; } _name

HRESULT WINAPI GetAttribIMsgOnIStg(LPVOID lpObject, LPSPropTagArray lpPropTagArray,
                                   LPSPropAttrArray *lppPropAttrArray);
HRESULT WINAPI SetAttribIMsgOnIStg(LPVOID lpObject, LPSPropTagArray lpPropTags, LPSPropAttrArray lpPropAttrs,
                                   LPSPropProblemArray *lppPropProblems);
SCODE WINAPI MapStorageSCode(SCODE StgSCode);

#ifdef __cplusplus
}
#endif

#endif /* _IMESSAGE_H_ */
