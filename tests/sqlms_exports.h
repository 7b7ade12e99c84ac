/* Generated from sqlms32.spec by gen-exports.sh. */
    { "MSProviderInit", 0, 0 },
    { "SQLMSServiceEntry", 0, 0 },
    { "SQLMSServiceEntry@40", 0, 0 },
