// HdrHistogram: latency percentiles in the bench/ load drivers.
//DEPS org.hdrhistogram:HdrHistogram:2.2.2
