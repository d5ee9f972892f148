package dev.hone.registry.monitor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One check of a drift monitor: the window it judged, its scores and verdict, and what became of a breach. */
@Entity
@Table(name = "drift_check")
public class MonitorCheck {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "monitor_id", nullable = false)
    public long monitorId;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    /** The served (stable) version judged, whose passport is the reference; null when the deployment had none. */
    @Column(name = "version_id")
    public Long versionId;

    /** Rows served in the window and counted in the passport's bins. */
    @Column(name = "rows_seen", nullable = false)
    public long rows;

    /** WITHIN, BREACHED or INCONCLUSIVE. */
    @Column(nullable = false, length = 20)
    public String verdict;

    /** The scores beyond their thresholds, or why it could not say. */
    @Column(nullable = false, length = 2000)
    public String summary;

    /** Every score with its reference and current shares per bin (JSON), or null when there were none. */
    @Column(name = "scores_json", length = 1_000_000)
    public String scoresJson;

    @Column(name = "max_input_psi")
    public Double maxInputPsi;

    @Column(name = "max_input_column", length = 200)
    public String maxInputColumn;

    @Column(name = "output_psi")
    public Double outputPsi;

    /** Labelled predictions in the window. */
    @Column(nullable = false)
    public long feedback;

    @Column(name = "feedback_accuracy")
    public Double feedbackAccuracy;

    @Column(name = "feedback_rmse")
    public Double feedbackRmse;

    /** Whether this check raised an alarm (sent to the schedule). */
    @Column(nullable = false)
    public boolean alarm;

    /** What became of a breach that completed a run of them: the alarm, or why none. */
    @Column(length = 2000)
    public String note;
}
