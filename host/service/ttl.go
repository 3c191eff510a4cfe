package service

import (
	"time"
)

// EnvReserveTTL overrides DefaultReserveTTL: a longer one for a slow login
// flow, a short one for a test that needs a reservation to expire for real.
const EnvReserveTTL = "TEAROFF_RESERVE_TTL"

// ReserveTTLFrom reads EnvReserveTTL (a Go duration such as "90s") through
// getenv; unset is the default, anything but a positive duration an error.
func ReserveTTLFrom(getenv func(string) string) (time.Duration, error) {
	v := getenv(EnvReserveTTL)
	if v == "" {
		return DefaultReserveTTL, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, BadRequestf("%s=%q is not a positive duration such as 10m or 90s", EnvReserveTTL, v)
	}
	return d, nil
}
