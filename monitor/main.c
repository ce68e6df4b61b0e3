#include <stdio.h>
#include <stdlib.h>

int	main(int, char **);

int
main(int argc, char **argv)
{
	(void)argc; (void)argv;
	printf("statichcpd %s\n", VERSION);
	return 0;
}
