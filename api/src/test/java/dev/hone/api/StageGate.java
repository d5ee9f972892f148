package dev.hone.api;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test-only hook: holds one activity of one run, before or after it does its real work, until the
 * test releases it, so that a test can act (cancel, break the store) at an exact stage boundary.
 * Registered with the workers as a worker interceptor; inert until armed. Everything the held
 * activity does is the application's own.
 */
@ApplicationScoped
public class StageGate extends WorkerInterceptorBase {

    /** Where to hold: an activity type ("StageStarted", "Register"), which call of it, before or after it ran. */
    record Hold(String activityType, Predicate<Object[]> arguments, boolean afterWork) {
        boolean matches(String type, Object[] args) {
            return type.equals(activityType) && arguments.test(args);
        }
    }

    private volatile Hold hold;
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);

    /** Holds the next matching activity until {@link #release()}. */
    void arm(Hold next) {
        reached = new CountDownLatch(1);
        released = new CountDownLatch(1);
        hold = next;
    }

    /** Waits until the armed activity is held. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held activity go on, and disarms. */
    void release() {
        hold = null;
        released.countDown();
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private ActivityExecutionContext context;

            @Override
            public void init(ActivityExecutionContext context) {
                this.context = context;
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                Hold h = hold;
                boolean match = h != null && h.matches(context.getInfo().getActivityType(), input.getArguments());
                if (match && !h.afterWork()) {
                    waitHere();
                }
                ActivityOutput output = super.execute(input);
                if (match && h.afterWork()) {
                    waitHere();
                }
                return output;
            }
        };
    }

    private void waitHere() {
        CountDownLatch release = released;
        reached.countDown();
        try {
            if (!release.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("The test never released the held activity");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
