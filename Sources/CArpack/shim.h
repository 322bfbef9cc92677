// C declarations of ARPACK-NG's Fortran 77 complex non-symmetric routines (reverse communication), called with
// every argument by reference and the lengths of the character arguments appended (gfortran's convention, as
// ARPACK-NG's own C bindings do). Complex arrays are interleaved (re, im) doubles — the layout of Swift Numerics'
// Complex<Double>. Debian: libarpack2-dev; Homebrew: arpack. Reference: Lehoucq, Sorensen & Yang, ARPACK Users' Guide
// (SIAM 1998), znaupd/zneupd.
#ifndef CLAUSIUS_CARPACK_SHIM_H
#define CLAUSIUS_CARPACK_SHIM_H
#include <stddef.h>
void znaupd_(int *ido, const char *bmat, const int *n, const char *which, const int *nev, const double *tol,
             double *resid, const int *ncv, double *v, const int *ldv, int *iparam, int *ipntr, double *workd,
             double *workl, const int *lworkl, double *rwork, int *info, size_t bmat_len, size_t which_len);
void zneupd_(const int *rvec, const char *howmny, int *select, double *d, double *z, const int *ldz,
             const double *sigma, double *workev, const char *bmat, const int *n, const char *which, const int *nev,
             const double *tol, double *resid, const int *ncv, double *v, const int *ldv, int *iparam, int *ipntr,
             double *workd, double *workl, const int *lworkl, double *rwork, int *info, size_t howmny_len,
             size_t bmat_len, size_t which_len);
#endif
