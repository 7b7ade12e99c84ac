/* Generated from mingw-w64's libmapi32.a by gen-mingw-imports.sh. */
extern void *__imp_BMAPIAddress;
extern void *__imp_BMAPIDetails;
extern void *__imp_BMAPIFindNext;
extern void *__imp_BMAPIGetAddress;
extern void *__imp_BMAPIGetReadMail;
extern void *__imp_BMAPIReadMail;
extern void *__imp_BMAPIResolveName;
extern void *__imp_BMAPISaveMail;
extern void *__imp_BMAPISendMail;
extern void *__imp_BuildDisplayTable;
extern void *__imp_CbOfEncoded;
extern void *__imp_CchOfEncoding;
extern void *__imp_ChangeIdleRoutine;
extern void *__imp_CloseIMsgSession;
extern void *__imp_CreateIProp;
extern void *__imp_CreateTable;
extern void *__imp_DeinitMapiUtil;
extern void *__imp_DeregisterIdleRoutine;
extern void *__imp_EnableIdleRoutine;
extern void *__imp_EncodeID;
extern void *__imp_FBadColumnSet;
extern void *__imp_FBadEntryList;
extern void *__imp_FBadProp;
extern void *__imp_FBadPropTag;
extern void *__imp_FBadRestriction;
extern void *__imp_FBadRglpNameID;
extern void *__imp_FBadRglpszA;
extern void *__imp_FBadRglpszW;
extern void *__imp_FBadRow;
extern void *__imp_FBadRowSet;
extern void *__imp_FBadSortOrderSet;
extern void *__imp_FBinFromHex;
extern void *__imp_FDecodeID;
extern void *__imp_FEqualNames;
extern void *__imp_FGetComponentPath;
extern void *__imp_FPropCompareProp;
extern void *__imp_FPropContainsProp;
extern void *__imp_FPropExists;
extern void *__imp_FixMAPI;
extern void *__imp_FreePadrlist;
extern void *__imp_FreeProws;
extern void *__imp_FtAdcFt;
extern void *__imp_FtAddFt;
extern void *__imp_FtDivFtBogus;
extern void *__imp_FtMulDw;
extern void *__imp_FtMulDwDw;
extern void *__imp_FtNegFt;
extern void *__imp_FtSubFt;
extern void *__imp_FtgRegisterIdleRoutine;
extern void *__imp_GetAttribIMsgOnIStg;
extern void *__imp_GetOutlookVersion;
extern void *__imp_GetTnefStreamCodepage;
extern void *__imp_HexFromBin;
extern void *__imp_HrAddColumns;
extern void *__imp_HrAddColumnsEx;
extern void *__imp_HrAllocAdviseSink;
extern void *__imp_HrComposeEID;
extern void *__imp_HrComposeMsgID;
extern void *__imp_HrDecomposeEID;
extern void *__imp_HrDecomposeMsgID;
extern void *__imp_HrDispatchNotifications;
extern void *__imp_HrEntryIDFromSz;
extern void *__imp_HrGetOmiProvidersFlags;
extern void *__imp_HrGetOneProp;
extern void *__imp_HrIStorageFromStream;
extern void *__imp_HrQueryAllRows;
extern void *__imp_HrSetOmiProvidersFlagsInvalid;
extern void *__imp_HrSetOneProp;
extern void *__imp_HrSzFromEntryID;
extern void *__imp_HrThisThreadAdviseSink;
extern void *__imp_HrValidateIPMSubtree;
extern void *__imp_HrValidateParametersV;
extern void *__imp_HrValidateParametersValist;
extern void *__imp_InstallFilterHook;
extern void *__imp_IsBadBoundedStringPtr;
extern void *__imp_LAUNCHWIZARD;
extern void *__imp_LPropCompareProp;
extern void *__imp_LaunchWizard;
extern void *__imp_LpValFindProp;
extern void *__imp_MAPIAddress;
extern void *__imp_MAPIAdminProfiles;
extern void *__imp_MAPIAllocateBuffer;
extern void *__imp_MAPIAllocateMore;
extern void *__imp_MAPIDeinitIdle;
extern void *__imp_MAPIDeleteMail;
extern void *__imp_MAPIDetails;
extern void *__imp_MAPIFindNext;
extern void *__imp_MAPIFreeBuffer;
extern void *__imp_MAPIGetDefaultMalloc;
extern void *__imp_MAPIInitIdle;
extern void *__imp_MAPIInitialize;
extern void *__imp_MAPILogoff;
extern void *__imp_MAPILogon;
extern void *__imp_MAPILogonEx;
extern void *__imp_MAPIOpenFormMgr;
extern void *__imp_MAPIOpenLocalFormContainer;
extern void *__imp_MAPIReadMail;
extern void *__imp_MAPIResolveName;
extern void *__imp_MAPISaveMail;
extern void *__imp_MAPISendDocuments;
extern void *__imp_MAPISendMail;
extern void *__imp_MAPISendMailW;
extern void *__imp_MAPIUninitialize;
extern void *__imp_MNLS_CompareStringW;
extern void *__imp_MNLS_IsBadStringPtrW;
extern void *__imp_MNLS_MultiByteToWideChar;
extern void *__imp_MNLS_WideCharToMultiByte;
extern void *__imp_MNLS_lstrcmpW;
extern void *__imp_MNLS_lstrcpyW;
extern void *__imp_MNLS_lstrlenW;
extern void *__imp_MapStorageSCode;
extern void *__imp_OpenIMsgOnIStg;
extern void *__imp_OpenIMsgSession;
extern void *__imp_OpenStreamOnFile;
extern void *__imp_OpenTnefStream;
extern void *__imp_OpenTnefStreamEx;
extern void *__imp_PRProviderInit;
extern void *__imp_PpropFindProp;
extern void *__imp_PropCopyMore;
extern void *__imp_RTFSync;
extern void *__imp_ScBinFromHexBounded;
extern void *__imp_ScCopyNotifications;
extern void *__imp_ScCopyProps;
extern void *__imp_ScCountNotifications;
extern void *__imp_ScCountProps;
extern void *__imp_ScCreateConversationIndex;
extern void *__imp_ScDupPropset;
extern void *__imp_ScGenerateMuid;
extern void *__imp_ScInitMapiUtil;
extern void *__imp_ScLocalPathFromUNC;
extern void *__imp_ScMAPIXFromCMC;
extern void *__imp_ScMAPIXFromSMAPI;
extern void *__imp_ScRelocNotifications;
extern void *__imp_ScRelocProps;
extern void *__imp_ScUNCFromLocalPath;
extern void *__imp_SetAttribIMsgOnIStg;
extern void *__imp_SwapPlong;
extern void *__imp_SwapPword;
extern void *__imp_SzFindCh;
extern void *__imp_SzFindLastCh;
extern void *__imp_SzFindSz;
extern void *__imp_UFromSz;
extern void *__imp_UNKOBJ_COFree;
extern void *__imp_UNKOBJ_Free;
extern void *__imp_UNKOBJ_FreeRows;
extern void *__imp_UNKOBJ_ScAllocate;
extern void *__imp_UNKOBJ_ScAllocateMore;
extern void *__imp_UNKOBJ_ScCOAllocate;
extern void *__imp_UNKOBJ_ScCOReallocate;
extern void *__imp_UNKOBJ_ScSzFromIdsAlloc;
extern void *__imp_UlAddRef;
extern void *__imp_UlFromSzHex;
extern void *__imp_UlPropSize;
extern void *__imp_UlRelease;
extern void *__imp_WrapCompressedRTFStream;
extern void *__imp_WrapProgress;
extern void *__imp_WrapStoreEntryID;
extern void *__imp___CPPValidateParameters;
extern void *__imp___ValidateParameters;
extern void *__imp_cmc_act_on;
extern void *__imp_cmc_free;
extern void *__imp_cmc_list;
extern void *__imp_cmc_logoff;
extern void *__imp_cmc_logon;
extern void *__imp_cmc_look_up;
extern void *__imp_cmc_query_configuration;
extern void *__imp_cmc_read;
extern void *__imp_cmc_send;
extern void *__imp_cmc_send_documents;
static const struct { const char *name; void **slot; } mingw_imports[] = {
    { "BMAPIAddress", &__imp_BMAPIAddress },
    { "BMAPIDetails", &__imp_BMAPIDetails },
    { "BMAPIFindNext", &__imp_BMAPIFindNext },
    { "BMAPIGetAddress", &__imp_BMAPIGetAddress },
    { "BMAPIGetReadMail", &__imp_BMAPIGetReadMail },
    { "BMAPIReadMail", &__imp_BMAPIReadMail },
    { "BMAPIResolveName", &__imp_BMAPIResolveName },
    { "BMAPISaveMail", &__imp_BMAPISaveMail },
    { "BMAPISendMail", &__imp_BMAPISendMail },
    { "BuildDisplayTable", &__imp_BuildDisplayTable },
    { "CbOfEncoded", &__imp_CbOfEncoded },
    { "CchOfEncoding", &__imp_CchOfEncoding },
    { "ChangeIdleRoutine", &__imp_ChangeIdleRoutine },
    { "CloseIMsgSession", &__imp_CloseIMsgSession },
    { "CreateIProp", &__imp_CreateIProp },
    { "CreateTable", &__imp_CreateTable },
    { "DeinitMapiUtil", &__imp_DeinitMapiUtil },
    { "DeregisterIdleRoutine", &__imp_DeregisterIdleRoutine },
    { "EnableIdleRoutine", &__imp_EnableIdleRoutine },
    { "EncodeID", &__imp_EncodeID },
    { "FBadColumnSet", &__imp_FBadColumnSet },
    { "FBadEntryList", &__imp_FBadEntryList },
    { "FBadProp", &__imp_FBadProp },
    { "FBadPropTag", &__imp_FBadPropTag },
    { "FBadRestriction", &__imp_FBadRestriction },
    { "FBadRglpNameID", &__imp_FBadRglpNameID },
    { "FBadRglpszA", &__imp_FBadRglpszA },
    { "FBadRglpszW", &__imp_FBadRglpszW },
    { "FBadRow", &__imp_FBadRow },
    { "FBadRowSet", &__imp_FBadRowSet },
    { "FBadSortOrderSet", &__imp_FBadSortOrderSet },
    { "FBinFromHex", &__imp_FBinFromHex },
    { "FDecodeID", &__imp_FDecodeID },
    { "FEqualNames", &__imp_FEqualNames },
    { "FGetComponentPath", &__imp_FGetComponentPath },
    { "FPropCompareProp", &__imp_FPropCompareProp },
    { "FPropContainsProp", &__imp_FPropContainsProp },
    { "FPropExists", &__imp_FPropExists },
    { "FixMAPI", &__imp_FixMAPI },
    { "FreePadrlist", &__imp_FreePadrlist },
    { "FreeProws", &__imp_FreeProws },
    { "FtAdcFt", &__imp_FtAdcFt },
    { "FtAddFt", &__imp_FtAddFt },
    { "FtDivFtBogus", &__imp_FtDivFtBogus },
    { "FtMulDw", &__imp_FtMulDw },
    { "FtMulDwDw", &__imp_FtMulDwDw },
    { "FtNegFt", &__imp_FtNegFt },
    { "FtSubFt", &__imp_FtSubFt },
    { "FtgRegisterIdleRoutine", &__imp_FtgRegisterIdleRoutine },
    { "GetAttribIMsgOnIStg", &__imp_GetAttribIMsgOnIStg },
    { "GetOutlookVersion", &__imp_GetOutlookVersion },
    { "GetTnefStreamCodepage", &__imp_GetTnefStreamCodepage },
    { "HexFromBin", &__imp_HexFromBin },
    { "HrAddColumns", &__imp_HrAddColumns },
    { "HrAddColumnsEx", &__imp_HrAddColumnsEx },
    { "HrAllocAdviseSink", &__imp_HrAllocAdviseSink },
    { "HrComposeEID", &__imp_HrComposeEID },
    { "HrComposeMsgID", &__imp_HrComposeMsgID },
    { "HrDecomposeEID", &__imp_HrDecomposeEID },
    { "HrDecomposeMsgID", &__imp_HrDecomposeMsgID },
    { "HrDispatchNotifications", &__imp_HrDispatchNotifications },
    { "HrEntryIDFromSz", &__imp_HrEntryIDFromSz },
    { "HrGetOmiProvidersFlags", &__imp_HrGetOmiProvidersFlags },
    { "HrGetOneProp", &__imp_HrGetOneProp },
    { "HrIStorageFromStream", &__imp_HrIStorageFromStream },
    { "HrQueryAllRows", &__imp_HrQueryAllRows },
    { "HrSetOmiProvidersFlagsInvalid", &__imp_HrSetOmiProvidersFlagsInvalid },
    { "HrSetOneProp", &__imp_HrSetOneProp },
    { "HrSzFromEntryID", &__imp_HrSzFromEntryID },
    { "HrThisThreadAdviseSink", &__imp_HrThisThreadAdviseSink },
    { "HrValidateIPMSubtree", &__imp_HrValidateIPMSubtree },
    { "HrValidateParametersV", &__imp_HrValidateParametersV },
    { "HrValidateParametersValist", &__imp_HrValidateParametersValist },
    { "InstallFilterHook", &__imp_InstallFilterHook },
    { "IsBadBoundedStringPtr", &__imp_IsBadBoundedStringPtr },
    { "LAUNCHWIZARD", &__imp_LAUNCHWIZARD },
    { "LPropCompareProp", &__imp_LPropCompareProp },
    { "LaunchWizard", &__imp_LaunchWizard },
    { "LpValFindProp", &__imp_LpValFindProp },
    { "MAPIAddress", &__imp_MAPIAddress },
    { "MAPIAdminProfiles", &__imp_MAPIAdminProfiles },
    { "MAPIAllocateBuffer", &__imp_MAPIAllocateBuffer },
    { "MAPIAllocateMore", &__imp_MAPIAllocateMore },
    { "MAPIDeinitIdle", &__imp_MAPIDeinitIdle },
    { "MAPIDeleteMail", &__imp_MAPIDeleteMail },
    { "MAPIDetails", &__imp_MAPIDetails },
    { "MAPIFindNext", &__imp_MAPIFindNext },
    { "MAPIFreeBuffer", &__imp_MAPIFreeBuffer },
    { "MAPIGetDefaultMalloc", &__imp_MAPIGetDefaultMalloc },
    { "MAPIInitIdle", &__imp_MAPIInitIdle },
    { "MAPIInitialize", &__imp_MAPIInitialize },
    { "MAPILogoff", &__imp_MAPILogoff },
    { "MAPILogon", &__imp_MAPILogon },
    { "MAPILogonEx", &__imp_MAPILogonEx },
    { "MAPIOpenFormMgr", &__imp_MAPIOpenFormMgr },
    { "MAPIOpenLocalFormContainer", &__imp_MAPIOpenLocalFormContainer },
    { "MAPIReadMail", &__imp_MAPIReadMail },
    { "MAPIResolveName", &__imp_MAPIResolveName },
    { "MAPISaveMail", &__imp_MAPISaveMail },
    { "MAPISendDocuments", &__imp_MAPISendDocuments },
    { "MAPISendMail", &__imp_MAPISendMail },
    { "MAPISendMailW", &__imp_MAPISendMailW },
    { "MAPIUninitialize", &__imp_MAPIUninitialize },
    { "MNLS_CompareStringW", &__imp_MNLS_CompareStringW },
    { "MNLS_IsBadStringPtrW", &__imp_MNLS_IsBadStringPtrW },
    { "MNLS_MultiByteToWideChar", &__imp_MNLS_MultiByteToWideChar },
    { "MNLS_WideCharToMultiByte", &__imp_MNLS_WideCharToMultiByte },
    { "MNLS_lstrcmpW", &__imp_MNLS_lstrcmpW },
    { "MNLS_lstrcpyW", &__imp_MNLS_lstrcpyW },
    { "MNLS_lstrlenW", &__imp_MNLS_lstrlenW },
    { "MapStorageSCode", &__imp_MapStorageSCode },
    { "OpenIMsgOnIStg", &__imp_OpenIMsgOnIStg },
    { "OpenIMsgSession", &__imp_OpenIMsgSession },
    { "OpenStreamOnFile", &__imp_OpenStreamOnFile },
    { "OpenTnefStream", &__imp_OpenTnefStream },
    { "OpenTnefStreamEx", &__imp_OpenTnefStreamEx },
    { "PRProviderInit", &__imp_PRProviderInit },
    { "PpropFindProp", &__imp_PpropFindProp },
    { "PropCopyMore", &__imp_PropCopyMore },
    { "RTFSync", &__imp_RTFSync },
    { "ScBinFromHexBounded", &__imp_ScBinFromHexBounded },
    { "ScCopyNotifications", &__imp_ScCopyNotifications },
    { "ScCopyProps", &__imp_ScCopyProps },
    { "ScCountNotifications", &__imp_ScCountNotifications },
    { "ScCountProps", &__imp_ScCountProps },
    { "ScCreateConversationIndex", &__imp_ScCreateConversationIndex },
    { "ScDupPropset", &__imp_ScDupPropset },
    { "ScGenerateMuid", &__imp_ScGenerateMuid },
    { "ScInitMapiUtil", &__imp_ScInitMapiUtil },
    { "ScLocalPathFromUNC", &__imp_ScLocalPathFromUNC },
    { "ScMAPIXFromCMC", &__imp_ScMAPIXFromCMC },
    { "ScMAPIXFromSMAPI", &__imp_ScMAPIXFromSMAPI },
    { "ScRelocNotifications", &__imp_ScRelocNotifications },
    { "ScRelocProps", &__imp_ScRelocProps },
    { "ScUNCFromLocalPath", &__imp_ScUNCFromLocalPath },
    { "SetAttribIMsgOnIStg", &__imp_SetAttribIMsgOnIStg },
    { "SwapPlong", &__imp_SwapPlong },
    { "SwapPword", &__imp_SwapPword },
    { "SzFindCh", &__imp_SzFindCh },
    { "SzFindLastCh", &__imp_SzFindLastCh },
    { "SzFindSz", &__imp_SzFindSz },
    { "UFromSz", &__imp_UFromSz },
    { "UNKOBJ_COFree", &__imp_UNKOBJ_COFree },
    { "UNKOBJ_Free", &__imp_UNKOBJ_Free },
    { "UNKOBJ_FreeRows", &__imp_UNKOBJ_FreeRows },
    { "UNKOBJ_ScAllocate", &__imp_UNKOBJ_ScAllocate },
    { "UNKOBJ_ScAllocateMore", &__imp_UNKOBJ_ScAllocateMore },
    { "UNKOBJ_ScCOAllocate", &__imp_UNKOBJ_ScCOAllocate },
    { "UNKOBJ_ScCOReallocate", &__imp_UNKOBJ_ScCOReallocate },
    { "UNKOBJ_ScSzFromIdsAlloc", &__imp_UNKOBJ_ScSzFromIdsAlloc },
    { "UlAddRef", &__imp_UlAddRef },
    { "UlFromSzHex", &__imp_UlFromSzHex },
    { "UlPropSize", &__imp_UlPropSize },
    { "UlRelease", &__imp_UlRelease },
    { "WrapCompressedRTFStream", &__imp_WrapCompressedRTFStream },
    { "WrapProgress", &__imp_WrapProgress },
    { "WrapStoreEntryID", &__imp_WrapStoreEntryID },
    { "__CPPValidateParameters", &__imp___CPPValidateParameters },
    { "__ValidateParameters", &__imp___ValidateParameters },
    { "cmc_act_on", &__imp_cmc_act_on },
    { "cmc_free", &__imp_cmc_free },
    { "cmc_list", &__imp_cmc_list },
    { "cmc_logoff", &__imp_cmc_logoff },
    { "cmc_logon", &__imp_cmc_logon },
    { "cmc_look_up", &__imp_cmc_look_up },
    { "cmc_query_configuration", &__imp_cmc_query_configuration },
    { "cmc_read", &__imp_cmc_read },
    { "cmc_send", &__imp_cmc_send },
    { "cmc_send_documents", &__imp_cmc_send_documents },
};
