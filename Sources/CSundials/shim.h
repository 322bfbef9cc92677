// SUNDIALS (CVODE, serial N_Vector, dense, KLU and SPGMR linear solvers) for the time-dependent generators of issue 17
// (ClausiusNumerics `CVODEIntegrator`). Debian: libsundials-dev (6.4); Homebrew: sundials. Reference: Hindmarsh et al.,
// "SUNDIALS: Suite of nonlinear and differential/algebraic equation solvers", ACM TOMS 31, 363 (2005); CVODE User Guide.
#ifndef CLAUSIUS_CSUNDIALS_SHIM_H
#define CLAUSIUS_CSUNDIALS_SHIM_H
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunmatrix/sunmatrix_sparse.h>
// SUNLinSol_KLU (sunlinsol/sunlinsol_klu.h, SUNDIALS 6.4): declared here because that header includes <klu.h> from
// SuiteSparse's include folder, which is not on the system library's search path. The KLU sparse direct solver
// (Davis & Palamadai Natarajan, ACM TOMS 37, 36 (2010)) factorises CVODE's Newton matrices I − γJ in CSC form.
SUNDIALS_EXPORT SUNLinearSolver SUNLinSol_KLU(N_Vector y, SUNMatrix A, SUNContext sunctx);
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>
#include <sundials/sundials_context.h>
#endif
