-- wrk's summary as one line the bench scripts read: "figures <req/s> <p99 ms>".
done = function(summary, latency, requests)
  io.write(string.format("figures %.0f %.2f\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000))
end
