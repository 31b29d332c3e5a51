// lz4-java (the maintained fork): XXH64 for the EPP's prefix-cache scorer (the same hash as upstream's
// cespare/xxhash).
//DEPS at.yawk.lz4:lz4-java:1.14.0
