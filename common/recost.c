/*
 * glibc's regcomp() compiles a bounded repetition x{m,n} by copying x n
 * times, and the copies of nested repetitions multiply: on this project's
 * machines ((a{1,100}){1,100}){1,100} takes a second, one more level or
 * ((a{1,255}){1,255}){1,255} exhausts gigabytes, and a{1,32767} alone
 * takes 30 s and 4 GB.  regcomp() has no limit of its own and cannot be
 * interrupted, and served_interface_regex is compiled at every start, -t
 * and SIGHUP, so the size of the expanded pattern is estimated here
 * first, in one pass without recursion, and too much is refused.
 *
 * The estimate counts atoms: a character, an escape, a bracket expression
 * or '.' is 1; a group is the sum of its branches; x{m,n} is n times x
 * (x{m,} is m + 1 times, x+ twice).  Counts above RECOST_MAX_COUNT are
 * refused as well: the chain of n - m optional copies costs regcomp()
 * time and memory quadratic in its length.
 */
#include <stdint.h>
#include <stdio.h>

#include "common/recost.h"

/* Above any limit; sums and products saturate here. */
#define BIG	((uint64_t)RECOST_MAX_SIZE + 1)

/* One level of parentheses (level 0: the whole pattern). */
struct level {
	uint64_t	alts;	/* the branches before the current one */
	uint64_t	branch;	/* the current branch so far */
	uint64_t	last;	/* its last atom, for a repetition to apply */
};

static uint64_t
sat(uint64_t v)
{
	return v > BIG ? BIG : v;
}

static void
atom(struct level *l, uint64_t size)
{
	l->last = sat(size);
	l->branch = sat(l->branch + l->last);
}

/* The last atom repeated: it stands times in the branch instead of once. */
static void
repeat(struct level *l, uint64_t times)
{
	if (l->last == 0)
		return;		/* nothing to repeat: regcomp() judges it */
	l->branch -= l->last;
	l->last = sat(l->last * (times == 0 ? 1 : times));
	l->branch = sat(l->branch + l->last);
}

/* Saturated counts: more than any limit, and no overflow. */
#define COUNT_BIG	100000L

/* Decimal digits at *p, at most COUNT_BIG; -1 when there are none. */
static long
digits(const char **p)
{
	long n = -1;

	for (; **p >= '0' && **p <= '9'; (*p)++) {
		n = (n < 0 ? 0 : n * 10) + (**p - '0');
		if (n > COUNT_BIG)
			n = COUNT_BIG;
	}
	return n;
}

/*
 * An interval at p ("{m}", "{m,}", "{m,n}", or glibc's "{,n}"): its counts
 * (max -1 when unbounded) and the position after it.  NULL when p does not
 * start one; regcomp() then judges the brace.
 */
static const char *
interval(const char *p, long *min, long *max)
{
	p++;
	*min = digits(&p);
	if (*p == ',') {
		p++;
		*max = digits(&p);
		if (*min < 0)
			*min = 0;
	} else if ((*max = *min) < 0)
		return NULL;
	return *p == '}' ? p + 1 : NULL;
}

/* Past the bracket expression at p ("[...]", POSIX classes inside). */
static const char *
bracket(const char *p)
{
	const char *q;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;			/* a leading ']' is literal */
	while (*p != '\0' && *p != ']') {
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' ||
		    p[1] == '=')) {
			for (q = p + 2; *q != '\0' &&
			    !(q[0] == p[1] && q[1] == ']'); q++)
				;
			if (*q != '\0') {
				p = q + 2;
				continue;
			}
		}
		p++;
	}
	return *p == ']' ? p + 1 : p;
}

static int
too_big(const struct level *lv, int depth, char *why, size_t whylen)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i <= depth; i++)
		total = sat(total + lv[i].alts + lv[i].branch);
	if (total <= RECOST_MAX_SIZE)
		return 0;
	snprintf(why, whylen, "its repetitions expand it to more than %d "
	    "elements (nested counts multiply)", RECOST_MAX_SIZE);
	return 1;
}

/* A count over the limit: the reason in why. */
static int
bad_interval(long min, long max, char *why, size_t whylen)
{
	long n = max > min ? max : min;

	if (n <= RECOST_MAX_COUNT)
		return 0;
	if (n == COUNT_BIG)
		snprintf(why, whylen, "a repetition count is more than %d",
		    RECOST_MAX_COUNT);
	else
		snprintf(why, whylen, "repetition count %ld is more than %d",
		    n, RECOST_MAX_COUNT);
	return 1;
}

int
recost_check(const char *p, char *why, size_t whylen)
{
	struct level lv[RECOST_MAX_DEPTH + 1] = { { 0, 0, 0 } };
	const char *end;
	long min, max;
	int d = 0;

	while (*p != '\0') {
		switch (*p) {
		case '\\':
			atom(&lv[d], 1);
			p += p[1] != '\0' ? 2 : 1;
			break;
		case '[':
			atom(&lv[d], 1);
			p = bracket(p);
			break;
		case '(':
			if (d == RECOST_MAX_DEPTH) {
				snprintf(why, whylen, "parentheses nested more "
				    "than %d deep", RECOST_MAX_DEPTH);
				return -1;
			}
			lv[++d] = (struct level){ 0, 0, 0 };
			p++;
			break;
		case ')':
			/* unmatched, it is an ordinary character in glibc */
			if (d > 0) {
				d--;
				atom(&lv[d], lv[d + 1].alts + lv[d + 1].branch);
			} else
				atom(&lv[d], 1);
			p++;
			break;
		case '|':
			lv[d].alts = sat(lv[d].alts + lv[d].branch);
			lv[d].branch = lv[d].last = 0;
			p++;
			break;
		case '*':
		case '?':
			p++;		/* x* and x? stay one copy of x */
			break;
		case '+':
			repeat(&lv[d], 2);	/* x+ is x x* */
			p++;
			break;
		case '{':
			if ((end = interval(p, &min, &max)) == NULL) {
				atom(&lv[d], 1);
				p++;
				break;
			}
			if (bad_interval(min, max, why, whylen))
				return -1;
			repeat(&lv[d], max < 0 ? (uint64_t)min + 1 :
			    (uint64_t)max);
			p = end;
			break;
		default:
			atom(&lv[d], 1);
			p++;
			break;
		}
		if (too_big(lv, d, why, whylen))
			return -1;
	}
	return 0;
}
