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

    /// <summary>The user's ranked list of <paramref name="count"/> tracks under the current model.</summary>
    Task<RecommendationList> GetRecommendationsAsync(int count);
}
