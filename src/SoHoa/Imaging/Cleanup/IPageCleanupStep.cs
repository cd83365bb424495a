namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// One step of page cleanup (<see cref="PageCleaner"/> runs them in order): it reads what earlier steps left in the
/// page's <see cref="PageCleanupContext"/> and leaves its own result there. A step holds no state of its own, so one
/// instance serves every page on every thread.
/// </summary>
internal interface IPageCleanupStep
{
    /// <summary>Does this step's work on <paramref name="page"/>.</summary>
    /// <exception cref="InvalidPageException">Leptonica could not do the step on this page.</exception>
    void Apply(PageCleanupContext page);
}
