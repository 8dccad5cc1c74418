package sh.ratri.frameworks.kotlin

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import sh.ratri.ToolBlockedException
import sh.ratri.annotations.ChildRun
import sh.ratri.annotations.Resource
import sh.ratri.annotations.Run
import sh.ratri.annotations.Session
import sh.ratri.annotations.Tool

/**
 * Annotated suspend and plain functions called from coroutines on Kotlin's own dispatchers. Each
 * scenario is one session; the forked-JVM tests read what the agent recorded.
 */
class Forecasts {

    /** How many times [lookup]'s body started, so a blocked call is seen not to have run it. */
    @Volatile
    var lookupBodies = 0

    @Tool(name = "weather.lookup", resource = Resource(type = "city", externalId = "{city}"))
    suspend fun lookup(city: String, days: Int): String {
        lookupBodies++
        delay(200)
        return "sunny in $city for $days days"
    }

    @Tool(name = "weather.broken")
    suspend fun broken(city: String): String {
        delay(50)
        throw IllegalStateException("no station in $city")
    }

    @Tool(name = "weather.slow")
    suspend fun slow(city: String): String {
        delay(10_000)
        return "never"
    }

    /** Not suspending: called from inside coroutines, it must find the coroutine's context. */
    @Tool(name = "weather.normalise")
    fun normalise(city: String): String = city.trim().lowercase()
}

class Desk(private val forecasts: Forecasts) {

    @Run(stepKey = "orchestrator-{ticket}")
    suspend fun orchestrate(ticket: String): String = coroutineScope {
        val onDefault = async(Dispatchers.Default) { specialist("default", ticket) }
        val onIo = async(Dispatchers.IO) { specialist("io", ticket) }
        val answers = awaitAll(onDefault, onIo)
        delay(20)
        val unconfined = async(Dispatchers.Unconfined) { specialist("unconfined", ticket) }
        val checked = withContext(Dispatchers.IO) { forecasts.normalise(" Bergen ") }
        (answers + unconfined.await() + checked).joinToString("|")
    }

    @ChildRun(stepKey = "{name}-specialist")
    suspend fun specialist(name: String, ticket: String): String {
        delay(100)
        val city = forecasts.normalise(" Oslo ")
        return "$name:$ticket:" + forecasts.lookup(city, 2)
    }
}

object CoroutinesApp {
    private val forecasts = Forecasts()
    private val desk = Desk(forecasts)

    @Session(kind = "kotlin", inputSummary = "delayed tool")
    fun delayedTool(): String = runBlocking { forecasts.lookup("Oslo", 3) }

    @Session(kind = "kotlin", inputSummary = "concurrent runs")
    fun concurrentRuns(): String = runBlocking(Dispatchers.Default) { desk.orchestrate("T-7") }

    @Session(kind = "kotlin", inputSummary = "failing tool")
    fun failingTool(): String = runBlocking {
        try {
            forecasts.broken("Atlantis")
        } catch (e: IllegalStateException) {
            "caught " + e.message
        }
    }

    @Session(kind = "kotlin", inputSummary = "cancelled tool")
    fun cancelledTool(): String = runBlocking {
        val job = launch(Dispatchers.IO) {
            try {
                forecasts.slow("Tromsø")
            } catch (e: CancellationException) {
                throw e
            }
        }
        delay(100)
        job.cancelAndJoin()
        "cancelled"
    }

    /** A suspending session whose body goes on after a suspension, outside any annotated function. */
    @Session(kind = "kotlin", inputSummary = "suspending session {ticket}")
    suspend fun suspendingSession(ticket: String): String = coroutineScope {
        delay(20)
        val late = async(Dispatchers.Default) { desk.specialist("late", ticket) }
        forecasts.normalise(" Late ") + "|" + late.await()
    }

    /** Under a policy that does not declare `weather.lookup`: the call throws, its body never starts. */
    @Session(kind = "kotlin", inputSummary = "blocked tool")
    fun blockedTool(): String = runBlocking {
        try {
            forecasts.lookup("Oslo", 1)
        } catch (e: ToolBlockedException) {
            "blocked " + e.rule() + ", bodies run: " + forecasts.lookupBodies
        }
    }

    @JvmStatic
    fun main(args: Array<String>) {
        if (args.contentEquals(arrayOf("blocked"))) {
            println(blockedTool())
            return
        }
        println(delayedTool())
        println(concurrentRuns())
        println(failingTool())
        println(cancelledTool())
        // started with nothing traced: the session is the suspend function's own
        println(runBlocking { suspendingSession("T-9") })
    }
}
