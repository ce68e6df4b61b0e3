#ifndef STATICHCPD_ROOTDIR_H
#define STATICHCPD_ROOTDIR_H

#include <sys/types.h>

/*
 * The responder's user and root (SPEC 2, bad-inputs H4): the user must
 * exist and not be root; the directory must be a real directory (not a
 * symbolic link) that the user cannot write.  Problems are logged; 0 and
 * the ids, or -1.  Used by the monitor at start, on -t and on reload, and
 * by the responder itself before it chroots.
 */
int	rootdir_check(const char *dir, const char *user, uid_t *ret_uid,
	    gid_t *ret_gid);

#endif
