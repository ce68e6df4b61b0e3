/*
 * A bound on what a POSIX extended regular expression costs glibc's
 * regcomp() (recost.c), checked before regcomp() is called.
 */
#ifndef STATICHCPD_RECOST_H
#define STATICHCPD_RECOST_H

#include <stddef.h>

/* Largest count in a bounded repetition: POSIX's minimum RE_DUP_MAX. */
#define RECOST_MAX_COUNT	255
/* Largest pattern after repetitions are expanded, in atoms. */
#define RECOST_MAX_SIZE		10000
/* Deepest nesting of parentheses. */
#define RECOST_MAX_DEPTH	64

/*
 * 0 when regcomp(pattern, REG_EXTENDED) is cheap, else -1 with the reason
 * in why.  Only the cost is judged: a pattern that passes may still be
 * refused by regcomp() as invalid.
 */
int	recost_check(const char *pattern, char *why, size_t whylen);

#endif
