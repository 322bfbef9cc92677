/* One-off comparison (not built by SwiftPM): GSL QAGP+QAGIU on single components of the exact NESS
 * integrand of the quasi-resonant wire of paper 004 Fig. 2(b) at T_c = T_h = 2 (rel. tol. 1e-10),
 * to compare with Clausius' vector AdaptiveGaussKronrod (see ../004-exact-and-information.md).
 * Needs libgsl-dev (GPL-3; NOT a project dependency):  gcc -O2 gsl-quasi-resonant-comparison.c -lgsl -lgslcblas -lm */
#include <stdio.h>
#include <math.h>
#include <complex.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_errno.h>
static double wc2=1, wh2=1+2e-6, kk=1e-4, l2=1e-3, L=1e3, Tc=2, Th=2;
static long nev=0;
static int which=0; /* 0: XX_cc, 1: PP_cc */
static double f(double w, void *p){
  nev++;
  double d=L*L+w*w; double complex s=(-l2*L*w*w + I*l2*L*L*w)/d;
  double complex a11=wc2+kk-w*w-s, a22=wh2+kk-w*w-s, D=a11*a22-kk*kk;
  double J=l2*w*L*L/d, cc=1/tanh(w/(2*Tc)), ch=1/tanh(w/(2*Th));
  double v=J/M_PI*(cc*cabs(a22)*cabs(a22)+ch*kk*kk)/(cabs(D)*cabs(D));
  return which==0? v : w*w*v;
}
static double ft(double w, void*p){ return f(w,p); }
int main(){
  gsl_set_error_handler_off();
  gsl_integration_workspace *ws=gsl_integration_workspace_alloc(100000);
  double wm=sqrt(wc2+kk- sqrt(kk*kk+ (wh2-wc2)*(wh2-wc2)/4)); /* rough */
  double pts[]={0, 0.999, 1.0, 1.001, 2.0, 1e3, 8e3};
  for(which=0;which<2;which++){
    double r1,e1,r2,e2; nev=0;
    gsl_function F={&f,0};
    int s1=gsl_integration_qagp(&F, pts, 7, 0, 1e-10, 100000, ws, &r1,&e1);
    int s2=gsl_integration_qagiu(&F, 8e3, 0, 1e-10, 100000, ws, &r2,&e2);
    printf("%s: GSL QAGP+QAGIU value %.17g  err %.3g  status %d %d  evaluations %ld\n", which==0?"XX_cc":"PP_cc", r1+r2, e1+e2, s1, s2, nev);
  }
  /* without resonance breakpoints */
  double pts2[]={0, 2.0, 1e3, 8e3};
  for(which=0;which<2;which++){
    double r1,e1,r2,e2; nev=0;
    gsl_function F={&f,0};
    int s1=gsl_integration_qagp(&F, pts2, 4, 0, 1e-10, 100000, ws, &r1,&e1);
    int s2=gsl_integration_qagiu(&F, 8e3, 0, 1e-10, 100000, ws, &r2,&e2);
    printf("%s (no resonance breakpoints): value %.17g err %.3g status %d %d evaluations %ld\n", which==0?"XX_cc":"PP_cc", r1+r2, e1+e2, s1, s2, nev);
  }
  return 0;
}
