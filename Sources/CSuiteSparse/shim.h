// C shim for SuiteSparse: UMFPACK (multifrontal sparse LU, for large factorisations) and KLU (left-looking
// sparse LU without BLAS, low fixed cost, for the many small blocks of a block preconditioner). Debian ships
// the headers under <suitesparse/> without a pkg-config file; Homebrew puts them in <suitesparse/> too.
#ifndef CLAUSIUS_CSUITESPARSE_SHIM_H
#define CLAUSIUS_CSUITESPARSE_SHIM_H
#include <suitesparse/umfpack.h>
#include <suitesparse/klu.h>
#endif
