// SUNDIALS (CVODE, serial N_Vector, dense and SPGMR linear solvers) for the time-dependent generators of issue 17
// (ClausiusNumerics `CVODEIntegrator`). Debian: libsundials-dev (6.4); Homebrew: sundials. Reference: Hindmarsh et al.,
// "SUNDIALS: Suite of nonlinear and differential/algebraic equation solvers", ACM TOMS 31, 363 (2005); CVODE User Guide.
#ifndef CLAUSIUS_CSUNDIALS_SHIM_H
#define CLAUSIUS_CSUNDIALS_SHIM_H
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>
#include <sundials/sundials_context.h>
#endif
