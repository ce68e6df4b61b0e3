#include <sys/capability.h>
#include <sys/prctl.h>

#include <errno.h>
#include <stddef.h>

#include "common/log.h"
#include "monitor/caps.h"

static const cap_value_t startup_caps[] = {
	CAP_NET_RAW, CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_SETUID,
	CAP_SETGID, CAP_SYS_CHROOT, CAP_SETPCAP, CAP_KILL, CAP_CHOWN,
};

static const cap_value_t kept_caps[] = {
	CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_SYS_CHROOT, CAP_SETPCAP,
	CAP_KILL, CAP_CHOWN,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

int
caps_check_startup(void)
{
	cap_t now = cap_get_proc();
	cap_flag_value_t v;
	size_t i;
	int missing = 0;

	if (now == NULL) {
		log_warn("%s: cap_get_proc", __func__);
		return -1;
	}
	for (i = 0; i < NELEM(startup_caps); i++) {
		if (cap_get_flag(now, startup_caps[i], CAP_EFFECTIVE, &v) == 0 &&
		    v == CAP_SET)
			continue;
		char *name = cap_to_name(startup_caps[i]);

		log_warnx("%s: missing capability %s", __func__,
		    name != NULL ? name : "?");
		cap_free(name);
		missing++;
	}
	cap_free(now);
	return missing ? -1 : 0;
}

static int
kept(cap_value_t c)
{
	size_t i;

	for (i = 0; i < NELEM(kept_caps); i++)
		if (kept_caps[i] == c)
			return 1;
	return 0;
}

int
caps_reduce(void)
{
	cap_t caps;
	cap_value_t c;
	int r = 0;

	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (!kept(c) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == -1 &&
		    errno != EINVAL) {
			log_warn("%s: PR_CAPBSET_DROP %d", __func__, (int)c);
			return -1;
		}
	if ((caps = cap_init()) == NULL)
		return -1;
	if (cap_set_flag(caps, CAP_PERMITTED, NELEM(kept_caps), kept_caps,
	    CAP_SET) == -1 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, NELEM(kept_caps), kept_caps,
	    CAP_SET) == -1 || cap_set_proc(caps) == -1) {
		log_warn("%s: cap_set_proc", __func__);
		r = -1;
	}
	cap_free(caps);
	return r;
}
