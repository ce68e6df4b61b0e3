/*
 * Replays inputs through a harness without libFuzzer: make check runs
 * every corpus and crash file this way (built with the normal compiler,
 * and under ASan/UBSan by make asan).  Arguments are files or directories
 * (their regular files, sorted, dot files skipped).  Each input is read
 * into a buffer of exactly its size, as libFuzzer does, so a sanitizer
 * sees any read past it.  A crash or failed invariant ends the run.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

/* A harness without LLVMFuzzerInitialize links too. */
extern int LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int
replay_file(const char *path)
{
	uint8_t *buf;
	long size;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	if ((buf = malloc(size > 0 ? (size_t)size : 1)) == NULL ||
	    fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		abort();
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	return 0;
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int
replay_path(const char *path, int *count)
{
	struct dirent **names;
	struct stat sb;
	char sub[PATH_MAX];
	int i, n, rc = 0;

	if (stat(path, &sb) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		if (replay_file(path) < 0)
			return -1;
		(*count)++;
		return 0;
	}
	if ((n = scandir(path, &names, visible, alphasort)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
		if (stat(sub, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (replay_file(sub) < 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	int i, count = 0, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file|directory ...\n", name);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) < 0)
			rc = 1;
	printf("%s: %d inputs replayed%s\n", name, count,
	    rc ? ", some unreadable" : "");
	return rc;
}
