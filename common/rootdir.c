#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <string.h>

#include "common/log.h"
#include "common/rootdir.h"

int
rootdir_check(const char *dir, const char *user, uid_t *ret_uid,
    gid_t *ret_gid)
{
	struct passwd *pw;
	struct stat st;

	if ((pw = getpwnam(user)) == NULL) {
		log_warnx("user %s does not exist (create it, or set 'user')",
		    user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		log_warnx("user %s is root: the responder must not be", user);
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		log_warnx("chroot directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
		log_warnx("chroot directory %s is not a directory (or is a "
		    "symbolic link)", dir);
		return -1;
	}
	if ((st.st_uid == pw->pw_uid && (st.st_mode & S_IWUSR)) ||
	    (st.st_gid == pw->pw_gid && (st.st_mode & S_IWGRP)) ||
	    (st.st_mode & S_IWOTH)) {
		log_warnx("chroot directory %s is writable by user %s: it "
		    "must not be (e.g. root:%s mode 0750)", dir, user, user);
		return -1;
	}
	*ret_uid = pw->pw_uid;
	*ret_gid = pw->pw_gid;
	return 0;
}
