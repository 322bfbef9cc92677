// C shim for SuiteSparse UMFPACK (sparse LU). Debian ships the headers under <suitesparse/>
// without a pkg-config file; Homebrew puts them in <suitesparse/> too.
#ifndef CLAUSIUS_CSUITESPARSE_SHIM_H
#define CLAUSIUS_CSUITESPARSE_SHIM_H
#include <suitesparse/umfpack.h>
#endif
