package dev.hone.activities.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.activities.WhileHeld;
import dev.hone.registry.TestDatabase;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Changes to schedules at the same moment, on the real database: a user's change and the schedule workflow's record
 * of its state both succeed (a delete right after a create used to fail on the row's version while the new workflow
 * recorded its first state) and a deleted schedule stays deleted; of two creates of one name, the second is refused
 * naming the name.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ScheduleConcurrencyTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static final ScheduleService.Definition NIGHTLY = new ScheduleService.Definition("{}", "0 2 * * *", null,
            "UTC", "SKIP", "LATEST", null, null);

    @Inject
    ScheduleService schedules;
    @Inject
    EntityManager entities;

    private Schedule schedule() {
        return schedules.create("record-race-" + NAMES.incrementAndGet(), NIGHTLY, "ds");
    }

    /**
     * Runs the workflow's record of its state and the user's change together, both started while another
     * transaction holds the schedule's row, so that both have read it before either writes.
     */
    private void together(Schedule s, Consumer<String> change) throws Exception {
        Instant next = Instant.now().plusSeconds(3600);
        for (Future<?> f : WhileHeld.run(() -> entities.createNativeQuery("select id from schedule where id = ?1 for "
                + "update").setParameter(1, s.id).getResultList(), () -> schedules.recordState(s.id, "ACTIVE", next,
                null), () -> change.accept(s.name))) {
            f.get();
        }
    }

    @Test
    void aDeleteWhileTheWorkflowRecordsItsStateSucceedsAndStays() throws Exception {
        Schedule s = schedule();
        together(s, name -> schedules.delete(name, "ds"));
        Schedule after = schedules.get(s.id);
        assertThat(after.status).as("deleted, whichever wrote last").isEqualTo(Schedule.DELETED);
        assertThat(schedule()).as("its name is free").isNotNull();
    }

    @Test
    void aPauseWhileTheWorkflowRecordsItsStateSucceeds() throws Exception {
        Schedule s = schedule();
        together(s, name -> schedules.setPaused(name, true, "ds"));
        Schedule after = schedules.get(s.id);
        assertThat(after.updatedAt).as("the pause was written").isAfter(after.createdAt);
        assertThat(after.nextFireAt).as("the state was written").isNotNull();
    }

    @Test
    void aCreateOfANameThatAnotherCreateCommitsFirstIsRefusedNamingIt() throws Exception {
        String name = "same-name-" + NAMES.incrementAndGet();
        Future<?> second = WhileHeld.run(() -> schedules.create(name, NIGHTLY, "ds"),
                () -> schedules.create(name, NIGHTLY, "other")).getFirst();
        assertThatThrownBy(second::get).cause().isInstanceOf(InvalidInputException.class)
                .hasMessage("A schedule named '" + name + "' exists already");
        assertThat(schedules.find(name).createdBy).isEqualTo("ds");
    }
}
