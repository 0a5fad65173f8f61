package com.example.weather.data

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.time.Duration
import java.time.Instant

private const val CACHE_TTL_MINUTES = 15L

/** A forecast for one place and hour. */
data class Forecast(
    val city: String,
    val time: Instant,
    val temperatureC: Double,
    val precipitationMm: Double,
    val windKmh: Double,
)

/** Where forecasts come from; the HTTP client in production, a fake in tests. */
interface ForecastSource {
    suspend fun fetch(city: String): List<Forecast>
}

enum class Warning { HEAT, FROST, STORM, FLOOD }

/**
 * Caches forecasts per city and derives weather warnings from them.
 *
 * @property source where fresh forecasts are fetched
 * @property clock returns the current time; injected for tests
 */
class WeatherRepository(
    private val source: ForecastSource,
    private val clock: () -> Instant = Instant::now,
) {
    private val cache = mutableMapOf<String, Pair<Instant, List<Forecast>>>()
    private val issued = mutableMapOf<String, Pair<Instant, Set<Warning>>>()
    var fetches = 0
        private set

    /** Forecasts for a city, from the cache while they are fresh. */
    suspend fun forecasts(city: String): List<Forecast> = withContext(Dispatchers.IO) {
        val key = city.trim().lowercase()
        val cached = cache[key]
        if (cached != null && Duration.between(cached.first, clock()).toMinutes() < CACHE_TTL_MINUTES) {
            return@withContext cached.second
        }
        fetches++
        source.fetch(key).also { cache[key] = clock() to it }
    }

    /**
     * Warnings for the next [hours] hours, most severe first.
     *
     * Heat and frost need three consecutive hours beyond the threshold; storm
     * and flood trigger on a single hour. Each warning is reported once.
     */
    suspend fun warnings(city: String, hours: Int = 24): List<Warning> {
        require(hours in 1..168) { "hours must be between 1 and 168, was $hours" }
        val now = clock()
        val upcoming = forecasts(city)
            .filter { it.time >= now && it.time < now.plus(Duration.ofHours(hours.toLong())) }
            .sortedBy { it.time }
        if (upcoming.isEmpty()) {
            return emptyList()
        }

        val found = linkedSetOf<Warning>()
        var hotRun = 0
        var frostRun = 0
        var rainTotal = 0.0
        for (forecast in upcoming) {
            hotRun = if (forecast.temperatureC >= 32.0) hotRun + 1 else 0
            frostRun = if (forecast.temperatureC <= -5.0) frostRun + 1 else 0
            if (hotRun >= 3) {
                found += Warning.HEAT
            }
            if (frostRun >= 3) {
                found += Warning.FROST
            }
            if (forecast.windKmh >= 90.0) {
                found += Warning.STORM
            }
            // wind chill: strong wind makes moderate cold as dangerous as frost
            val windChill = 13.12 + 0.6215 * forecast.temperatureC -
                11.37 * Math.pow(forecast.windKmh, 0.16) +
                0.3965 * forecast.temperatureC * Math.pow(forecast.windKmh, 0.16)
            if (forecast.temperatureC <= 10.0 && forecast.windKmh > 4.8 && windChill <= -15.0) {
                found += Warning.FROST
            }
            rainTotal += forecast.precipitationMm
            if (forecast.precipitationMm >= 30.0 || rainTotal >= 80.0) {
                found += Warning.FLOOD
            }
        }

        // gusts are reported separately by some sources; treat a sudden jump as a storm too
        upcoming.zipWithNext().forEach { (before, after) ->
            if (after.windKmh - before.windKmh >= 40.0) {
                found += Warning.STORM
            }
        }

        // a warning already issued for this city within the last six hours is not repeated
        val recent = issued[city.trim().lowercase()]
        if (recent != null && Duration.between(recent.first, now).toHours() < 6) {
            found.removeAll(recent.second)
        }
        if (found.isNotEmpty()) {
            issued[city.trim().lowercase()] = now to found.toSet()
        }

        val severity = mapOf(
            Warning.FLOOD to 4,
            Warning.STORM to 3,
            Warning.HEAT to 2,
            Warning.FROST to 1,
        )
        return found.sortedByDescending { severity.getValue(it) }
    }

    fun clear() = cache.clear()

    companion object {
        /** A repository that never fetches: for previews. */
        fun empty(): WeatherRepository = WeatherRepository(object : ForecastSource {
            override suspend fun fetch(city: String) = emptyList<Forecast>()
        })
    }
}

fun Double.toFahrenheit(): Double = this * 9 / 5 + 32
