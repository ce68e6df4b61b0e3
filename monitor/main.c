/*
 * statichcpd: one binary, two processes.  Started normally it is the
 * privileged monitor; the monitor re-executes it with --responder (an
 * internal flag) for the unprivileged responder.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/attrs.h"
#include "common/config.h"
#include "common/log.h"
#include "monitor/dbinit.h"
#include "monitor/monitor.h"
#include "responder/responder.h"

int	main(int, char **);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: statichcpd [-fhtvV] [-c file] [-a dir] [-p pidfile]\n"
	    "\n"
	    "Static DHCPv4/DHCPv6 server: answers each client with exactly\n"
	    "what the controller wrote into the database.\n"
	    "\n"
	    "  -c, --config_file FILE  configuration file (default %s)\n"
	    "  -a, --config_dir DIR    also read DIR/*.conf, sorted, after FILE\n"
	    "  -f, --foreground        stay in the foreground, log to stderr\n"
	    "  -v, --verbose           debug logging\n"
	    "  -t, --test              check configuration, attribute files and\n"
	    "                          database, print problems, exit 0 or 1\n"
	    "  -p, --pidfile FILE      pid file (default: pid_file setting,\n"
	    "                          /run/statichcpd.pid)\n"
	    "      --init-db           create or migrate the database schema,\n"
	    "                          fill the attribute tables, and exit\n"
	    "  -V, --version           print the version and exit\n"
	    "  -h, --help              this help\n"
	    "\n"
	    "Signals: HUP reloads, TERM/INT exit, USR1 logs statistics.\n"
	    "See statichcpd(8), statichcpd.conf(5), statichcpd-db(5).\n",
	    CONFIG_DEFAULT_FILE);
}

/* -t and --init-db: run the checks (and the preparation), no daemon. */
static int
check_only(const struct monitor_opts *o, int init_db)
{
	static struct config cfg;
	static struct attr_table v4, v6;
	int bad = 0;

	if (config_load(o->config_file, o->config_dir, &cfg) < 0)
		return 1;
	if (init_db) {
		if (dbinit_load_attrs(&cfg, &v4, &v6) < 0)
			return 1;
		bad = dbinit_prepare(cfg.db_path, &v4, &v6) < 0;
	} else {
		/* everything the daemon would refuse at start */
		bad = monitor_check_config(o) < 0;
		bad |= dbinit_check(cfg.db_path) < 0;
	}
	if (!bad)
		fprintf(stderr, "statichcpd: %s: configuration OK\n",
		    o->config_file);
	return bad;
}

/* A relative path made absolute (when it exists; else left as given, so
 * the error names what the operator wrote). */
static const char *
absolute(const char *path, char *buf, size_t len)
{
	char *real;

	if (path[0] == '/' || (real = realpath(path, NULL)) == NULL)
		return path;
	snprintf(buf, len, "%s", real);
	free(real);
	return buf;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config_file",	required_argument, NULL, 'c' },
		{ "config-file",	required_argument, NULL, 'c' },
		{ "config_dir",		required_argument, NULL, 'a' },
		{ "config-dir",		required_argument, NULL, 'a' },
		{ "foreground",		no_argument,	   NULL, 'f' },
		{ "verbose",		no_argument,	   NULL, 'v' },
		{ "test",		no_argument,	   NULL, 't' },
		{ "pidfile",		required_argument, NULL, 'p' },
		{ "version",		no_argument,	   NULL, 'V' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ "init-db",		no_argument,	   NULL, 'I' },
		{ "responder",		no_argument,	   NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	static char cfg_abs[PATH_MAX], dir_abs[PATH_MAX];
	struct monitor_opts o = { .config_file = CONFIG_DEFAULT_FILE };
	int ch, test = 0, init_db = 0;

	while ((ch = getopt_long(argc, argv, "c:a:fvtp:Vh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c': o.config_file = optarg; break;
		case 'a': o.config_dir = optarg; break;
		case 'f': o.foreground = 1; break;
		case 'v': o.verbose = 1; break;
		case 't': test = 1; break;
		case 'p': o.pid_file = optarg; break;
		case 'I': init_db = 1; break;
		case 'V':
			printf("statichcpd %s\n", VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case 'R':
			/* internal: the monitor's child, channel on fd 3 */
			log_init(1, 0);
			return responder_main(3);
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "statichcpd: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return 1;
	}
	/* the daemon runs in /: a reload must still find relative paths */
	o.config_file = absolute(o.config_file, cfg_abs, sizeof(cfg_abs));
	if (o.config_dir != NULL)
		o.config_dir = absolute(o.config_dir, dir_abs, sizeof(dir_abs));
	/* checks print to the terminal; the daemon logs to syslog */
	log_init(o.foreground || test || init_db, o.verbose);
	if (test || init_db)
		return check_only(&o, init_db);
	return monitor_main(&o);
}
