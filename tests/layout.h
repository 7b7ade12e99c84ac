/*
 * One line of the layout comparison between the SDK's headers and ours:
 * see layout_list.h for what is compared, layout_table.h for how.
 */
#ifndef __LAYOUT_H
#define __LAYOUT_H

struct layout_entry
{
    const char *name;
    unsigned long long value;       /* constant, size or offset */
    unsigned int size;              /* of a constant's type; 0 for sizes and offsets */
    int is_signed;                  /* a constant's type, after integer promotion */
    const unsigned char *bytes;     /* GUIDs and byte initializers */
    unsigned int byte_count;
};

/* layout_sdk.c: mingw-w64's headers, built by its compiler alone */
extern const struct layout_entry layout_sdk[];
extern const unsigned int layout_sdk_count;

/* layout_ours.c: Wine's headers and ours, built as the tests are */
extern const struct layout_entry layout_ours[];
extern const unsigned int layout_ours_count;

#endif /* __LAYOUT_H */
