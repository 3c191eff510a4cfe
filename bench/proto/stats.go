package main

import (
	"encoding/json"
	"io"
	"math"
	"slices"
	"time"
)

// Row is one line of the bench table, written as a JSON line for
// extension/test/bench/report.mjs, which resolves Floor to the named
// row's median and prints the ratio.
type Row struct {
	Name   string  `json:"name"`
	Group  string  `json:"group"`
	Unit   string  `json:"unit"` // "ms" or "bytes"
	Median float64 `json:"median"`
	P95    float64 `json:"p95"`
	N      int     `json:"n"`
	// Floor names the row this one is compared with; FloorTimes scales it
	// (e.g. 1,000 imports against 1,000 keyring Sets). Empty for floors.
	Floor      string  `json:"floor,omitempty"`
	FloorTimes float64 `json:"floor_times,omitempty"`
	Status     string  `json:"status"` // "ok", "over budget", "failed"
	Note       string  `json:"note,omitempty"`
}

// samples collects durations for one row.
type samples []float64

func (s *samples) add(d time.Duration) { *s = append(*s, float64(d.Microseconds())/1000) }

// summary returns the median and the nearest-rank 95th percentile.
func (s samples) summary() (median, p95 float64) {
	if len(s) == 0 {
		return math.NaN(), math.NaN()
	}
	v := slices.Clone(s)
	slices.Sort(v)
	mid := len(v) / 2
	median = v[mid]
	if len(v)%2 == 0 {
		median = (v[mid-1] + v[mid]) / 2
	}
	rank := int(math.Ceil(0.95*float64(len(v)))) - 1
	return median, v[max(rank, 0)]
}

func (s samples) row(name, group, floor string) Row {
	med, p95 := s.summary()
	return Row{Name: name, Group: group, Unit: "ms", Median: med, P95: p95, N: len(s), Floor: floor, Status: "ok"}
}

// emitter writes rows as JSON lines.
type emitter struct{ enc *json.Encoder }

func newEmitter(w io.Writer) *emitter { return &emitter{enc: json.NewEncoder(w)} }

func (e *emitter) emit(r Row) {
	// NaN is not JSON: a row without samples reports 0 with n 0.
	if math.IsNaN(r.Median) {
		r.Median, r.P95 = 0, 0
	}
	_ = e.enc.Encode(r)
}

// budget bounds one phase of the bench: it is spent when its deadline passes.
type budget struct{ deadline time.Time }

func newBudget(d time.Duration) budget { return budget{deadline: time.Now().Add(d)} }

func (b budget) spent() bool { return time.Now().After(b.deadline) }

func (b budget) left() time.Duration { return time.Until(b.deadline) }
