/*
 * The configuration file (SPEC section 3).
 *
 * The Python statichcpd 3.x fed one configparser.ConfigParser() the main
 * file and then every *.conf of the -a directory, and took its values from
 * the [statichcpd] view: a key of that section, else the same key of
 * [DEFAULT], with %-interpolation.  This file keeps that behaviour, so old
 * files read the same, and adds what the original never did: every value
 * is validated and every problem is reported as "file:line: ...", all of
 * them in one run.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/config.h"
#include "common/log.h"
#include "common/recost.h"

#define CFG_SPACE		" \t\n\v\f\r"
/* configparser's MAX_INTERPOLATION_DEPTH. */
#define CFG_INTERP_DEPTH	10
/*
 * Keys expanded for one value, all levels together.  Depth alone does not
 * bound the work: 30 references per level 9 levels deep are 30^9
 * expansions from a 1.7 KB file.  Real files use a handful.
 */
#define CFG_INTERP_REFS		1000
/* Longest value after interpolation: more than any field holds. */
#define CFG_VALUE_MAX		(2 * PATH_MAX)
/* How much of a bad value a message quotes. */
#define CFG_QUOTE_MAX		64
#define CFG_USER_CHARS		"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
				"abcdefghijklmnopqrstuvwxyz0123456789._-"

/* One key as configparser holds it: raw value, and where it was set. */
struct cfg_ent {
	char	*key;
	char	*val;
	int	 file;		/* index into cfg_state.files */
	int	 line;
};

struct cfg_sect {
	struct cfg_ent	*ents;
	size_t		 n;
};

/* What configparser accumulates over all files. */
struct cfg_state {
	struct cfg_sect	 defaults;	/* [DEFAULT] */
	struct cfg_sect	 main;		/* [statichcpd] */
	char		**files;	/* for messages after reading */
	int		 nfiles;
	int		 errors;
};

/* Reading one file; mirrors the state of configparser's _read(). */
struct cfg_reader {
	struct cfg_state *st;
	int		 file;
	int		 line;
	bool		 in_sect;	/* a section header seen */
	struct cfg_sect	*sect;		/* NULL: ignored section */
	bool		 seen_main;	/* [statichcpd] in this file */
	bool		 key_open;	/* indented lines continue */
	/*
	 * The value they extend (NULL in ignored sections).  It points into
	 * sect->ents, which only grows when a new key is set, and that makes
	 * the new key the one continued: the pointer never dangles.
	 */
	struct cfg_ent	*cont;
	size_t		 indent;	/* of the last header/key line */
	size_t		 blanks;	/* blank lines inside the value */
};

enum cfg_type {
	CFG_UINT,	/* 0..4294967295 */
	CFG_TIME,	/* 1..4294967295 */
	CFG_BOOL,
	CFG_REGEX,
	CFG_ABSPATH,	/* absolute */
	CFG_OPTABS,	/* "" or absolute */
	CFG_FILE,	/* not empty */
	CFG_OPTFILE,	/* "" = none */
	CFG_USER
};

struct cfg_key {
	const char	*name;
	enum cfg_type	 type;
	size_t		 off;
	size_t		 size;
	uint32_t	 max;	/* CFG_UINT, CFG_TIME; 0: UINT32_MAX */
};

#define CFG_FIELD(f)	CFG_FIELD_UPTO(f, 0)
/* A number field with a smaller maximum than UINT32_MAX. */
#define CFG_FIELD_UPTO(f, max) offsetof(struct config, f), \
			sizeof(((struct config *)NULL)->f), (max)

static const struct cfg_key cfg_keys[] = {
	{ "dhcp_db_filename", CFG_ABSPATH, CFG_FIELD(db_path) },
	{ "served_interface_regex", CFG_REGEX, CFG_FIELD(iface_regex) },
	{ "dhcp_ratelimit", CFG_UINT, CFG_FIELD(ratelimit) },
	{ "default_lease_time", CFG_TIME, CFG_FIELD(default_lease_time) },
	{ "max_lease_time", CFG_TIME, CFG_FIELD(max_lease_time) },
	{ "disable_routing_with_udpsock", CFG_BOOL,
	    CFG_FIELD(disable_routing_udpsock) },
	{ "disable_routing_with_rawsock", CFG_BOOL,
	    CFG_FIELD(disable_routing_rawsock) },
	{ "use_mac_as_client_duid", CFG_BOOL,
	    CFG_FIELD(use_mac_as_client_duid) },
	{ "disable_ia_id", CFG_BOOL, CFG_FIELD(disable_ia_id) },
	{ "default_renew_time", CFG_TIME, CFG_FIELD(default_renew_time) },
	{ "default_rebind_time", CFG_TIME, CFG_FIELD(default_rebind_time) },
	{ "default_pref_lifetime", CFG_TIME,
	    CFG_FIELD(default_pref_lifetime) },
	{ "default_valid_lifetime", CFG_TIME,
	    CFG_FIELD(default_valid_lifetime) },
	{ "default_attributes_file", CFG_FILE,
	    CFG_FIELD(default_attributes_file) },
	{ "default_v6attributes_file", CFG_FILE,
	    CFG_FIELD(default_v6attributes_file) },
	{ "additional_attributes_file", CFG_OPTFILE,
	    CFG_FIELD(additional_attributes_file) },
	{ "additional_v6attributes_file", CFG_OPTFILE,
	    CFG_FIELD(additional_v6attributes_file) },
	{ "user", CFG_USER, CFG_FIELD(user) },
	{ "chroot_dir", CFG_OPTABS, CFG_FIELD(chroot_dir) },
	{ "pid_file", CFG_OPTABS, CFG_FIELD(pid_file) },
	{ "stats_file", CFG_OPTABS, CFG_FIELD(stats_file) },
	{ "stats_interval", CFG_TIME, CFG_FIELD(stats_interval) },
	{ "responder_restart_max_delay", CFG_TIME,
	    CFG_FIELD_UPTO(restart_max_delay, 3600) },
};

#define CFG_NKEYS	(sizeof(cfg_keys) / sizeof(cfg_keys[0]))

static void	cfg_log(struct cfg_state *, int, int, int, const char *, ...)
		    __attribute__((format(printf, 5, 6)));

/*
 * Every message names a place.  line 0 means the whole file, as for a
 * file that cannot be opened or a key that is missing everywhere.
 */
static void
cfg_log(struct cfg_state *st, int error, int file, int line,
    const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		log_warnx("%s:%d: %s", st->files[file], line, msg);
	else
		log_warnx("%s: %s", st->files[file], msg);
	if (error)
		st->errors++;
}

/* Values come from a file: quote them printable and short. */
static const char *
cfg_quote(char *buf, size_t len, const char *v)
{
	size_t n = strlen(v);

	log_escape(buf, len, v, n > CFG_QUOTE_MAX ? CFG_QUOTE_MAX : n);
	return buf;
}

/* What Python's str.strip() removes, as far as ASCII goes. */
static int
cfg_space(char c)
{
	return c != '\0' && strchr(CFG_SPACE, c) != NULL;
}

static const struct cfg_key *
cfg_key_find(const char *name)
{
	size_t i;

	for (i = 0; i < CFG_NKEYS; i++)
		if (strcmp(cfg_keys[i].name, name) == 0)
			return &cfg_keys[i];
	return NULL;
}

static struct cfg_ent *
sect_find(const struct cfg_sect *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->ents[i].key, key) == 0)
			return &s->ents[i];
	return NULL;
}

static struct cfg_ent *
sect_set(struct cfg_sect *s, const char *key, const char *val, int file,
    int line)
{
	struct cfg_ent *e, *ents;
	char *v;

	if ((v = strdup(val)) == NULL)
		return NULL;
	if ((e = sect_find(s, key)) == NULL) {
		ents = reallocarray(s->ents, s->n + 1, sizeof(*ents));
		if (ents == NULL) {
			free(v);
			return NULL;
		}
		s->ents = ents;
		e = &s->ents[s->n];
		if ((e->key = strdup(key)) == NULL) {
			free(v);
			return NULL;
		}
		s->n++;
	} else
		free(e->val);
	e->val = v;
	e->file = file;
	e->line = line;
	return e;
}

static void
sect_free(struct cfg_sect *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->ents[i].key);
		free(s->ents[i].val);
	}
	free(s->ents);
}

/* The [statichcpd] view: its own key, else the [DEFAULT] one. */
static const struct cfg_ent *
cfg_lookup(const struct cfg_state *st, const char *key)
{
	const struct cfg_ent *e;

	if ((e = sect_find(&st->main, key)) == NULL)
		e = sect_find(&st->defaults, key);
	return e;
}

static void
cfg_section(struct cfg_reader *r, const char *name)
{
	char q[CFG_QUOTE_MAX * 4 + 1];

	r->in_sect = true;
	r->key_open = false;
	r->cont = NULL;
	if (strcmp(name, "statichcpd") == 0) {
		/* configparser (strict) refuses a section twice per file */
		if (r->seen_main)
			cfg_log(r->st, 1, r->file, r->line,
			    "duplicate section [statichcpd]");
		r->seen_main = true;
		r->sect = &r->st->main;
	} else if (strcmp(name, "DEFAULT") == 0)
		r->sect = &r->st->defaults;
	else {
		r->sect = NULL;
		cfg_log(r->st, 0, r->file, r->line, "section [%s] ignored",
		    cfg_quote(q, sizeof(q), name));
	}
}

static void
cfg_keyval(struct cfg_reader *r, char *s)
{
	char q[CFG_QUOTE_MAX * 4 + 1];
	struct cfg_ent *e;
	char *sep, *end, *p;

	/* configparser: the key ends at the first '=' or ':' */
	sep = s + strcspn(s, "=:");
	if (*sep == '\0') {
		cfg_log(r->st, 1, r->file, r->line,
		    "expected '[section]' or 'key = value'");
		return;
	}
	for (end = sep; end > s && cfg_space(end[-1]); end--)
		;
	*end = '\0';
	sep++;
	sep += strspn(sep, CFG_SPACE);
	r->cont = NULL;
	r->key_open = *s != '\0';
	if (!r->key_open) {
		cfg_log(r->st, 1, r->file, r->line, "no key before '=' or ':'");
		return;
	}
	for (p = s; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	if (r->sect == NULL)
		return;
	cfg_quote(q, sizeof(q), s);
	if (cfg_key_find(s) == NULL)
		cfg_log(r->st, 0, r->file, r->line, "unknown key '%s' ignored",
		    q);
	if ((e = sect_find(r->sect, s)) != NULL && e->file == r->file) {
		cfg_log(r->st, 1, r->file, r->line,
		    "duplicate key '%s' (first on line %d)", q, e->line);
		return;
	}
	r->cont = sect_set(r->sect, s, sep, r->file, r->line);
	if (r->cont == NULL)
		cfg_log(r->st, 1, r->file, r->line, "out of memory");
}

/*
 * An indented line after a key continues its value, as in configparser:
 * joined with newlines, blank lines in between kept, trailing ones not.
 */
static void
cfg_continue(struct cfg_reader *r, const char *s)
{
	size_t old, add;
	char *v;

	if (r->cont == NULL) {
		r->blanks = 0;
		return;
	}
	old = strlen(r->cont->val);
	add = strlen(s);
	if ((v = realloc(r->cont->val, old + r->blanks + add + 2)) == NULL) {
		cfg_log(r->st, 1, r->file, r->line, "out of memory");
		return;
	}
	memset(v + old, '\n', r->blanks + 1);
	memcpy(v + old + r->blanks + 1, s, add + 1);
	r->cont->val = v;
	r->blanks = 0;
}

static void
cfg_read_line(struct cfg_reader *r, char *line)
{
	size_t indent;
	char *s, *end;

	indent = strspn(line, CFG_SPACE);
	s = line + indent;
	for (end = s + strlen(s); end > s && cfg_space(end[-1]); end--)
		;
	*end = '\0';
	/* Comments are whole lines only; they leave an open value open. */
	if (*s == '#' || *s == ';')
		return;
	if (*s == '\0') {
		if (r->key_open)
			r->blanks++;
		return;
	}
	if (r->key_open && indent > r->indent) {
		cfg_continue(r, s);
		return;
	}
	r->indent = indent;
	r->blanks = 0;
	/* configparser's \[(.+)\]: up to the last ']', the rest ignored */
	if (*s == '[' && (end = strrchr(s, ']')) != NULL && end > s + 1) {
		*end = '\0';
		cfg_section(r, s + 1);
	} else if (!r->in_sect)
		cfg_log(r->st, 1, r->file, r->line,
		    "expected a [section] header first");
	else
		cfg_keyval(r, s);
}

/* Remember a file name for messages; returns its index or -1. */
static int
cfg_add_file(struct cfg_state *st, const char *path)
{
	char **files;

	files = reallocarray(st->files, st->nfiles + 1, sizeof(*files));
	if (files == NULL)
		goto oom;
	st->files = files;
	if ((files[st->nfiles] = strdup(path)) == NULL)
		goto oom;
	return st->nfiles++;
 oom:
	log_warnx("%s: %s: out of memory", __func__, path);
	st->errors++;
	return -1;
}

/* Returns -1 when the file could not be read at all. */
static int
cfg_read_file(struct cfg_state *st, const char *path)
{
	struct cfg_reader r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	memset(&r, 0, sizeof(r));
	r.st = st;
	if ((r.file = cfg_add_file(st, path)) == -1)
		return -1;
	if ((f = fopen(path, "re")) == NULL) {
		cfg_log(st, 1, r.file, 0, "%s", strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		r.line++;
		if (memchr(line, '\0', n) != NULL)
			cfg_log(st, 1, r.file, r.line, "NUL byte in line");
		else
			cfg_read_line(&r, line);
	}
	if (ferror(f))
		cfg_log(st, 1, r.file, 0, "%s", strerror(errno));
	free(line);
	fclose(f);
	return 0;
}

static int
cfg_conf_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n >= 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

/* strcmp, not alphasort's strcoll: the order must not follow the locale. */
static int
cfg_conf_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void
cfg_read_dir(struct cfg_state *st, const char *dir)
{
	char path[PATH_MAX];
	struct dirent **names;
	struct stat sb;
	int i, n;

	/* Old init scripts pass -a for directories that may not exist. */
	if (stat(dir, &sb) == -1) {
		log_warnx("%s: %s, no additional configuration read", dir,
		    strerror(errno));
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		log_warnx("%s: not a directory, no additional configuration "
		    "read", dir);
		return;
	}
	if ((n = scandir(dir, &names, cfg_conf_name, cfg_conf_cmp)) == -1) {
		log_warnx("%s: %s", dir, strerror(errno));
		st->errors++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]->d_name) >= (int)sizeof(path)) {
			log_warnx("%s/%s: path too long", dir,
			    names[i]->d_name);
			st->errors++;
		} else if (stat(path, &sb) == -1)
			log_warnx("%s: %s, skipped", path, strerror(errno));
		else if (S_ISREG(sb.st_mode))
			cfg_read_file(st, path);
		else
			log_debug("%s: not a regular file, skipped", path);
		free(names[i]);
	}
	free(names);
}

struct cfg_out {
	char	*buf;
	size_t	 len;
	size_t	 size;
	bool	 full;
	unsigned refs;		/* keys expanded so far */
};

static void
cfg_out_add(struct cfg_out *o, const char *s, size_t n)
{
	if (o->full || o->len + n >= o->size) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/*
 * configparser's BasicInterpolation: "%%" is '%', "%(key)s" is the raw
 * value of key in the [statichcpd] view, expanded in turn; anything else
 * after '%' is an error.  Returns 0, or -1 with the reason in why.
 */
static int
cfg_interp(const struct cfg_state *st, const char *s, struct cfg_out *o,
    int depth, char *why, size_t whylen)
{
	const struct cfg_ent *e;
	const char *end;
	char name[256];
	size_t n, i;

	if (depth > CFG_INTERP_DEPTH) {
		snprintf(why, whylen, "interpolation nested more than %d deep",
		    CFG_INTERP_DEPTH);
		return -1;
	}
	while (*s != '\0') {
		n = strcspn(s, "%");
		cfg_out_add(o, s, n);
		if (*(s += n) == '\0')
			break;
		if (s[1] == '%') {
			cfg_out_add(o, "%", 1);
			s += 2;
			continue;
		}
		end = s[1] == '(' ? strchr(s + 2, ')') : NULL;
		if (end == NULL || end == s + 2 || end[1] != 's') {
			snprintf(why, whylen, "'%%' must be followed by '%%' "
			    "or '(key)s' (write '%%%%' for a '%%')");
			return -1;
		}
		n = end - (s + 2);
		for (i = 0; i < n && i < sizeof(name) - 1; i++)
			name[i] = tolower((unsigned char)s[2 + i]);
		name[i] = '\0';
		if (n >= sizeof(name) || (e = cfg_lookup(st, name)) == NULL) {
			snprintf(why, whylen, "no key '%.64s' to interpolate",
			    name);
			return -1;
		}
		if (++o->refs > CFG_INTERP_REFS) {
			snprintf(why, whylen, "more than %d interpolations",
			    CFG_INTERP_REFS);
			return -1;
		}
		if (strchr(e->val, '%') == NULL)
			cfg_out_add(o, e->val, strlen(e->val));
		else if (cfg_interp(st, e->val, o, depth + 1, why, whylen))
			return -1;
		s = end + 2;
	}
	return 0;
}

static int
cfg_parse_u32(const char *v, uint32_t min, uint32_t max, uint32_t *ret,
    char *why, size_t whylen)
{
	char q[CFG_QUOTE_MAX * 4 + 1];
	uint64_t n = 0;
	const char *p;

	/* No sign, no spaces, no base prefix: digits only. */
	for (p = v; *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (*p - '0')) > UINT32_MAX)
			break;
	if (*p != '\0' || p == v) {
		if (*p >= '0' && *p <= '9')
			snprintf(why, whylen, "'%s' is out of range %u..%u",
			    cfg_quote(q, sizeof(q), v), min, max);
		else
			snprintf(why, whylen, "'%s' is not a decimal number",
			    cfg_quote(q, sizeof(q), v));
		return -1;
	}
	if (n < min || n > max) {
		snprintf(why, whylen, "'%s' is out of range %u..%u",
		    cfg_quote(q, sizeof(q), v), min, max);
		return -1;
	}
	*ret = n;
	return 0;
}

static int
cfg_parse_bool(const char *v, bool *ret, char *why, size_t whylen)
{
	char q[CFG_QUOTE_MAX * 4 + 1];

	if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*ret = true;
	else if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*ret = false;
	else {
		snprintf(why, whylen, "'%s' is not True, False, 1 or 0",
		    cfg_quote(q, sizeof(q), v));
		return -1;
	}
	return 0;
}

static int
cfg_check_regex(const char *v, char *why, size_t whylen)
{
	char err[256];
	regex_t re;
	int rc;

	if (*v == '\0') {
		snprintf(why, whylen, "must not be empty");
		return -1;
	}
	/* before regcomp(), which can take minutes on a few bytes */
	if (recost_check(v, err, sizeof(err)) < 0) {
		snprintf(why, whylen, "too costly to compile: %s", err);
		return -1;
	}
	if ((rc = regcomp(&re, v, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, &re, err, sizeof(err));
		snprintf(why, whylen, "bad regular expression: %s", err);
		return -1;
	}
	regfree(&re);
	return 0;
}

/*
 * The old daemon used Python's re.  glibc reads "\d" as a plain 'd', so
 * a pattern written for Python would silently serve other interfaces.
 */
static int
cfg_regex_has_python_class(const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v != '\\')
			continue;
		if (v[1] == 'd' || v[1] == 'D')
			return 1;
		if (*++v == '\0')
			break;
	}
	return 0;
}

static int
cfg_check_string(const struct cfg_key *k, const char *v, char *why,
    size_t whylen)
{
	char q[CFG_QUOTE_MAX * 4 + 1];
	size_t len = strlen(v);

	if (len >= k->size)
		snprintf(why, whylen, "too long (%zu bytes, at most %zu)", len,
		    k->size - 1);
	else if (*v == '\0' && (k->type == CFG_ABSPATH ||
	    k->type == CFG_FILE || k->type == CFG_USER))
		snprintf(why, whylen, "must not be empty");
	else if ((k->type == CFG_ABSPATH || k->type == CFG_OPTABS) &&
	    *v != '\0' && *v != '/')
		snprintf(why, whylen, "'%s' is not an absolute path",
		    cfg_quote(q, sizeof(q), v));
	else if (k->type == CFG_USER && v[strspn(v, CFG_USER_CHARS)] != '\0')
		snprintf(why, whylen, "'%s' is not a user name (A-Z a-z 0-9 "
		    ". _ - only)", cfg_quote(q, sizeof(q), v));
	else
		return 0;
	return -1;
}

/* Validate one value and store it in *cfg; errors name where it was set. */
static void
cfg_set(struct cfg_state *st, const struct cfg_key *k,
    const struct cfg_ent *e, const char *v, struct config *cfg)
{
	char *field = (char *)cfg + k->off;
	char why[LOG_LINE_MAX / 2];
	uint32_t u;
	bool b;
	int rc;

	switch (k->type) {
	case CFG_UINT:
	case CFG_TIME:
		rc = cfg_parse_u32(v, k->type == CFG_TIME,
		    k->max != 0 ? k->max : UINT32_MAX, &u, why, sizeof(why));
		if (rc == 0)
			memcpy(field, &u, sizeof(u));
		break;
	case CFG_BOOL:
		if ((rc = cfg_parse_bool(v, &b, why, sizeof(why))) == 0)
			memcpy(field, &b, sizeof(b));
		break;
	case CFG_REGEX:
		if ((rc = cfg_check_string(k, v, why, sizeof(why))) == 0)
			rc = cfg_check_regex(v, why, sizeof(why));
		if (rc == 0 && cfg_regex_has_python_class(v))
			cfg_log(st, 0, e->file, e->line, "%s: '\\d' is not "
			    "POSIX and matches a plain 'd' (use [0-9])",
			    k->name);
		if (rc == 0)
			memcpy(field, v, strlen(v) + 1);
		break;
	default:
		if ((rc = cfg_check_string(k, v, why, sizeof(why))) == 0)
			memcpy(field, v, strlen(v) + 1);
		break;
	}
	if (rc != 0)
		cfg_log(st, 1, e->file, e->line, "%s: %s", k->name, why);
}

static void
cfg_resolve(struct cfg_state *st, struct config *cfg)
{
	char val[CFG_VALUE_MAX], why[LOG_LINE_MAX / 2];
	const struct cfg_ent *e;
	struct cfg_out o;
	size_t i;

	for (i = 0; i < CFG_NKEYS; i++) {
		if ((e = cfg_lookup(st, cfg_keys[i].name)) == NULL)
			continue;
		memset(&o, 0, sizeof(o));
		o.buf = val;
		o.size = sizeof(val);
		val[0] = '\0';
		if (cfg_interp(st, e->val, &o, 1, why, sizeof(why)) == -1)
			cfg_log(st, 1, e->file, e->line, "%s: %s",
			    cfg_keys[i].name, why);
		else if (o.full)
			cfg_log(st, 1, e->file, e->line, "%s: too long",
			    cfg_keys[i].name);
		else
			cfg_set(st, &cfg_keys[i], e, val, cfg);
	}
}

/* The later of two settings: that is the one to change. */
static const struct cfg_ent *
cfg_later(const struct cfg_ent *a, const struct cfg_ent *b)
{
	if (a->file != b->file)
		return a->file > b->file ? a : b;
	return a->line > b->line ? a : b;
}

/* Checks across keys, once every file is read. */
static void
cfg_check(struct cfg_state *st, const struct config *cfg)
{
	const struct cfg_ent *u, *r;

	if (cfg_lookup(st, "served_interface_regex") == NULL)
		cfg_log(st, 1, 0, 0, "served_interface_regex is missing "
		    "(required)");
	if (cfg->disable_routing_udpsock && cfg->disable_routing_rawsock) {
		u = cfg_lookup(st, "disable_routing_with_udpsock");
		r = cfg_lookup(st, "disable_routing_with_rawsock");
		r = cfg_later(u, r);
		cfg_log(st, 1, r->file, r->line, "disable_routing_with_udpsock "
		    "and disable_routing_with_rawsock cannot both be True");
	}
}

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->db_path, sizeof(c->db_path), "%s",
	    "/var/lib/statichcpd/Static_DHCP_DB.db");
	c->ratelimit = 1000;
	c->default_lease_time = 600;
	c->max_lease_time = 7200;
	c->default_renew_time = 1000;
	c->default_rebind_time = 2000;
	c->default_pref_lifetime = 3000;
	c->default_valid_lifetime = 4000;
	snprintf(c->default_attributes_file,
	    sizeof(c->default_attributes_file), "%s",
	    DATADIR "/default_attr.csv");
	snprintf(c->default_v6attributes_file,
	    sizeof(c->default_v6attributes_file), "%s",
	    DATADIR "/default_v6attr.csv");
	snprintf(c->user, sizeof(c->user), "%s", "statichcpd");
	snprintf(c->pid_file, sizeof(c->pid_file), "%s",
	    "/run/statichcpd.pid");
	snprintf(c->stats_file, sizeof(c->stats_file), "%s",
	    "/run/statichcpd.prom");
	c->stats_interval = 5;
	c->restart_max_delay = 30;
}

int
config_load(const char *path, const char *extra_dir, struct config *ret)
{
	struct cfg_state st;
	struct config cfg;
	int main_ok, i;

	memset(&st, 0, sizeof(st));
	config_defaults(&cfg);
	main_ok = cfg_read_file(&st, path) == 0;
	if (extra_dir != NULL)
		cfg_read_dir(&st, extra_dir);
	cfg_resolve(&st, &cfg);
	/* Without the main file, "missing key" would only add noise. */
	if (main_ok)
		cfg_check(&st, &cfg);
	if (st.errors == 0)
		*ret = cfg;
	sect_free(&st.defaults);
	sect_free(&st.main);
	for (i = 0; i < st.nfiles; i++)
		free(st.files[i]);
	free(st.files);
	return st.errors == 0 ? 0 : -1;
}

void
config_chroot_dir(const struct config *c, char *buf, size_t len)
{
	char *slash;
	size_t n;

	if (len == 0)
		return;
	if (c->chroot_dir[0] != '\0') {
		snprintf(buf, len, "%s", c->chroot_dir);
		return;
	}
	/* dirname(3) of the database path, without modifying it */
	snprintf(buf, len, "%s", c->db_path);
	for (n = strlen(buf); n > 1 && buf[n - 1] == '/'; n--)
		buf[n - 1] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL) {
		snprintf(buf, len, ".");
		return;
	}
	for (; slash > buf && slash[-1] == '/'; slash--)
		;
	if (slash == buf)
		slash++;
	*slash = '\0';
}
