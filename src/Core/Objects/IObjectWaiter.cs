namespace GpuRay.Objects;

/// <summary>Told once when an object it registered on becomes ready or fails.</summary>
internal interface IObjectWaiter
{
    void OnObjectCompleted(ObjectRef completed);
}
