/*
 * The responder's descent to nothing (SPEC section 2): chroot into the
 * database directory, become the configured user, lose every capability in
 * every set, no_new_privs.  Any failure is fatal: never serve privileged.
 */
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/ipc.h"
#include "common/log.h"
#include "common/rootdir.h"
#include "responder/responder.h"

static void
drop_bounding_set(void)
{
	cap_value_t c;

	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == -1 && errno != EINVAL)
			fatal("%s: PR_CAPBSET_DROP %d", __func__, (int)c);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL)
		fatal("%s: clearing ambient capabilities", __func__);
}

static void
verify_dropped(uid_t uid, gid_t gid)
{
	cap_t now, none;
	cap_value_t c;
	int same;

	if (setuid(0) != -1 || setgid(0) != -1 || seteuid(0) != -1)
		fatalx("%s: old ids could be regained", __func__);
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid)
		fatalx("%s: ids not as requested", __func__);
	if ((now = cap_get_proc()) == NULL || (none = cap_init()) == NULL)
		fatal("%s: cap_get_proc", __func__);
	same = cap_compare(now, none) == 0;
	cap_free(now);
	cap_free(none);
	if (!same)
		fatalx("%s: capabilities still held", __func__);
	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			fatalx("%s: capability %d still in the bounding set",
			    __func__, (int)c);
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		fatalx("%s: no_new_privs not set", __func__);
}

void
responder_drop_privileges(const struct msg_config *cfg)
{
	uid_t uid;
	gid_t gid;
	cap_t none;

	if (rootdir_check(cfg->chroot_dir, cfg->user, &uid, &gid) < 0)
		fatalx("%s: refusing to run", __func__);
	tzset();
	if (chroot(cfg->chroot_dir) == -1 || chdir("/") == -1)
		fatal("%s: chroot %s", __func__, cfg->chroot_dir);
	drop_bounding_set();
	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		fatal("%s: cannot become %s", __func__, cfg->user);
	if ((none = cap_init()) == NULL || cap_set_proc(none) == -1)
		fatal("%s: clearing capabilities", __func__);
	cap_free(none);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("%s: PR_SET_NO_NEW_PRIVS", __func__);
	verify_dropped(uid, gid);
	log_debug("%s: chroot %s, uid %u gid %u, no capabilities", __func__,
	    cfg->chroot_dir, (unsigned)uid, (unsigned)gid);
}
