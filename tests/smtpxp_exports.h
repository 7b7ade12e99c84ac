/* Generated from smtpxp.spec by gen-exports.sh. */
    { "XPProviderInit", 0, 0 },
    { "SMTPXP_ServiceEntry", 0, 0 },
    { "SMTPXP_ServiceEntry@40", 0, 0 },
