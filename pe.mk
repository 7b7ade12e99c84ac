# Rules shared by every folder that builds PE binaries with winegcc.
# Included from the folders' Makefile.am; automake passes it through as is.

PE_CC = $(WINEGCC) -b $(PE_TARGET)
PE_CPPFLAGS = $(PE_DEFS) -D_WIN32_WINNT=0x0601 \
	-I$(top_srcdir)/include -I$(top_builddir)/include -I$(srcdir)
PE_CFLAGS = -O2 -g -Wall -Wno-unused-parameter -Wno-missing-braces \
	-Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
	-Werror=return-type -fno-strict-aliasing
PE_LINK_OPTS =

pe_v_ccld = $(pe_v_ccld_@AM_V@)
pe_v_ccld_ = $(pe_v_ccld_@AM_DEFAULT_V@)
pe_v_ccld_0 = @echo "  PELD    " $@;
pe_v_cc = $(pe_v_cc_@AM_V@)
pe_v_cc_ = $(pe_v_cc_@AM_DEFAULT_V@)
pe_v_cc_0 = @echo "  PECC    " $@;

%.o: %.c
	$(pe_v_cc)$(PE_CC) $(PE_CPPFLAGS) $(EXTRA_PE_CPPFLAGS) $(PE_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard *.d)

MOSTLYCLEANFILES = *.o *.d
