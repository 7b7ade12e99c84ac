/*
 * A circular doubly linked list with its head as a sentinel, for the
 * session's objects (Wine's SDK does not install wine/list.h).
 */

#ifndef __MAPI32_LIST_H
#define __MAPI32_LIST_H

#include <stddef.h>

struct list
{
    struct list *next;
    struct list *prev;
};

#define LIST_INIT(head) { &(head), &(head) }

static inline void list_init(struct list *head)
{
    head->next = head->prev = head;
}

static inline int list_empty(const struct list *head)
{
    return head->next == head;
}

static inline void list_add_tail(struct list *head, struct list *entry)
{
    entry->next = head;
    entry->prev = head->prev;
    head->prev->next = entry;
    head->prev = entry;
}

static inline void list_remove(struct list *entry)
{
    entry->next->prev = entry->prev;
    entry->prev->next = entry->next;
}

static inline struct list *list_head(const struct list *head)
{
    return list_empty(head) ? NULL : head->next;
}

static inline struct list *list_tail(const struct list *head)
{
    return list_empty(head) ? NULL : head->prev;
}

#define LIST_ENTRY(elem, type, field) ((type *)((char *)(elem) - offsetof(type, field)))

#define LIST_FOR_EACH_ENTRY(elem, head, type, field) \
    for ((elem) = LIST_ENTRY((head)->next, type, field); &(elem)->field != (head); \
         (elem) = LIST_ENTRY((elem)->field.next, type, field))

#define LIST_FOR_EACH_ENTRY_SAFE(elem, next_elem, head, type, field) \
    for ((elem) = LIST_ENTRY((head)->next, type, field), \
         (next_elem) = LIST_ENTRY((elem)->field.next, type, field); \
         &(elem)->field != (head); \
         (elem) = (next_elem), (next_elem) = LIST_ENTRY((elem)->field.next, type, field))

#endif /* __MAPI32_LIST_H */
