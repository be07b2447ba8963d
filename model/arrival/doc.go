// Package arrival generates non-homogeneous Poisson arrivals (MODEL.md
// §6.1): a base rate modulated by an hour-of-day and a day-of-week profile
// and by shocks (a multiplier over a period), by thinning. Each process
// draws from its own random stream, so common random numbers survive
// reforms that change other parts of the model.
package arrival
