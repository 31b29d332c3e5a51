// XChart: the PNG plots of the routing benchmark (bench/routing), rendered headless with Java2D.
//DEPS org.knowm.xchart:xchart:3.8.8
