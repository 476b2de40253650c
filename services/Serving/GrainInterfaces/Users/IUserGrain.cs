using OpenMrs.Contracts.Events;

namespace OpenMrs.Serving.GrainInterfaces.Users;

/// <summary>One listener's live state and ranked lists. Key: the user id. Events for one user arrive in order.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Folds a listen into the user's state; a redelivered event id is a no-op.</summary>
    /// <returns>The state version after the call, and whether the event changed anything.</returns>
    Task<ApplyResult> ApplyAsync(ListenEvent listen);

    /// <summary>Folds a batch of listens, in order, in one grain call.</summary>
    Task<ApplyResult> ApplyBatchAsync(IReadOnlyList<ListenEvent> listens);

    /// <summary>The user's state, for debugging and operations.</summary>
    Task<UserSnapshot> GetSnapshotAsync();

    /// <summary>The user's ranked list under the current models.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Count below 1 or diversity outside [0, 1].</exception>
    Task<RecommendationList> GetRecommendationsAsync(RecommendationRequest request);
}

public static class UserGrainExtensions
{
    /// <summary>The user's ranked list of <paramref name="count"/> tracks with the default diversity and no exclusions.</summary>
    public static Task<RecommendationList> GetRecommendationsAsync(this IUserGrain grain, int count) =>
        grain.GetRecommendationsAsync(new RecommendationRequest(count));
}
