/*
 * The configuration file (SPEC section 3): INI, keys read from [statichcpd]
 * with [DEFAULT] as fallback, the main file first and then every *.conf of
 * the -a directory in sorted order (later wins).
 */
#ifndef STATICHCPD_CONFIG_H
#define STATICHCPD_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#define CONFIG_DEFAULT_FILE	SYSCONFDIR "/statichcpd/statichcpd.conf"
#define CONFIG_REGEX_MAX	1024
#define CONFIG_USER_MAX		64

struct config {
	char		db_path[PATH_MAX];		/* dhcp_db_filename */
	char		iface_regex[CONFIG_REGEX_MAX];	/* served_interface_regex */
	uint32_t	ratelimit;			/* dhcp_ratelimit, pkt/s */
	uint32_t	default_lease_time;
	uint32_t	max_lease_time;
	bool		disable_routing_udpsock;
	bool		disable_routing_rawsock;
	bool		use_mac_as_client_duid;
	bool		disable_ia_id;
	uint32_t	default_renew_time;		/* DHCPv6 T1 */
	uint32_t	default_rebind_time;		/* DHCPv6 T2 */
	uint32_t	default_pref_lifetime;
	uint32_t	default_valid_lifetime;
	char		default_attributes_file[PATH_MAX];
	char		default_v6attributes_file[PATH_MAX];
	char		additional_attributes_file[PATH_MAX];	/* "" = none */
	char		additional_v6attributes_file[PATH_MAX];	/* "" = none */
	char		user[CONFIG_USER_MAX];
	char		chroot_dir[PATH_MAX];	/* "" = dirname(db_path) */
	char		pid_file[PATH_MAX];
	char		stats_file[PATH_MAX];	/* Prometheus text; "" = none */
	uint32_t	stats_interval;		/* seconds between writes */
	uint32_t	restart_max_delay;	/* responder back-off ceiling, s */
};

/* Every key with its default value; the regex is left empty (required). */
void	config_defaults(struct config *);

/*
 * Read path, then the *.conf files of extra_dir (NULL: none) in sorted
 * order, into *ret (which is only written on success).  Every problem is
 * logged as "file:line: ..." with log_warnx; unknown keys are logged and
 * ignored.  Returns 0, or -1 when anything was wrong.
 */
int	config_load(const char *path, const char *extra_dir,
	    struct config *ret);

/* The chroot directory after defaulting (the database's directory). */
void	config_chroot_dir(const struct config *, char *buf, size_t len);

#endif
