/* The GNU Linear Programming Kit, as Debian's libglpk-dev installs it (no pkg-config file). */
#include <glpk.h>
