// C shim for BLAS (CBLAS from OpenBLAS) and LAPACK (LAPACKE, reference LAPACK >= 3.11).
// Swift cannot import C99 `double _Complex`; LAPACKE's custom-complex hook lets us name the complex
// type `{ double real, imag; }`, which has the memory layout of swift-numerics' Complex<Double>
// (checked by ComplexLayoutTests), so complex arrays pass to LAPACK without copies.
// Stay LP64: lapack_int is a 32-bit int (SuiteSparse links the LP64 BLAS).
#ifndef CLAUSIUS_CLAPACK_SHIM_H
#define CLAUSIUS_CLAPACK_SHIM_H
#define LAPACK_COMPLEX_CUSTOM 1
typedef struct clapack_complex_float_s { float real, imag; } clapack_complex_float;
typedef struct clapack_complex_double_s { double real, imag; } clapack_complex_double;
#define lapack_complex_float clapack_complex_float
#define lapack_complex_double clapack_complex_double
#include <lapacke.h>
#include <cblas.h>
typedef lapack_int clapack_int;
// OpenBLAS thread control (declared in its cblas.h on Debian; restated for other platforms).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
